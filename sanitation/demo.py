"""A day of disinfection and garbage at the demo compound: the plan, its rounds, two reports.

Most areas were done within their interval; three are overdue, among them the stairwell of
the printed volunteer's building, which a resident has also reported: logging in and tapping
it clears the flag and answers the resident.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry.demo import DEMO_GATE, DEMO_VOLUNTEER, demo_household
from registry.models import Building, Compound, building_sort_key
from sanitation import actions
from sanitation.models import Area, AreaKind
from sanitation.schedule import DAY_ENDS, DAY_STARTS, interval

PRODUCTS = ["含氯消毒液 500mg/L", "84消毒液 1:100", "过氧乙酸 0.2%"]
COMPOUND_AREAS = [
    (AreaKind.GATE, "东门", 6),
    (AreaKind.RECEIVING_POINT, "", 6),
    (AreaKind.SAMPLING_POINT, "", 4),
]
STAIRWELL_TIMES = 5
OVERDUE = 3


@transaction.atomic
def build_demo_sanitation(compound: Compound, seed: int = 2022) -> int:
    """The plan, today's rounds and garbage, two residents' reports; the rounds logged."""
    rng = random.Random(seed)
    admin = User.objects.filter(role="community_admin", compounds=compound).first()
    gate = User.objects.get(phone=DEMO_GATE)
    printed = User.objects.get(phone=DEMO_VOLUNTEER)
    if admin is None:
        return 0
    buildings = sorted(compound.buildings.all(), key=lambda b: building_sort_key(b.number))
    areas = [
        actions.add_area(user=admin, compound=compound, kind=kind, name=name, times_per_day=times)
        for kind, name, times in COMPOUND_AREAS
    ]
    for building in buildings:
        stairwell = actions.add_area(
            user=admin, compound=compound, building=building, kind=AreaKind.STAIRWELL,
            times_per_day=STAIRWELL_TIMES,
        )  # fmt: skip
        areas.append(stairwell)
    Area.objects.filter(pk__in=[a.pk for a in areas]).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    own = demo_household()
    late = {a.pk for a in areas if own and a.building_id == own.unit.building_id}
    others = [a for a in areas[len(COMPOUND_AREAS) :] if a.pk not in late]
    late |= {a.pk for a in rng.sample(others, OVERDUE - len(late))}
    logged = 0
    for area in areas:
        worker = _worker(area.building, printed, gate)
        product = PRODUCTS[worker.pk % len(PRODUCTS)]
        logged += _rounds(area, worker, product, overdue=area.pk in late, rng=rng)
    for building in buildings[:-2]:
        pickup = actions.log_garbage_round(
            user=_worker(building, printed, gate), building=building, bags=rng.randint(20, 60),
            at=_daylight() - timedelta(minutes=rng.randint(60, 300)),
        )  # fmt: skip
        if building != buildings[-3]:  # one building's bags still wait for the truck
            actions.mark_cleared(user=gate, garbage_round=pickup)
    if own is not None:
        # Answered: the garbage was collected after the resident said it overflowed.
        actions.report_overflow(household=own, kind="garbage", text="楼下垃圾袋堆满了")
        actions.log_garbage_round(user=printed, building=own.unit.building, bags=18)
        # Waiting: the overdue stairwell of the printed volunteer's building.
        stairwell = next(a for a in areas if a.building_id == own.unit.building_id)
        actions.report_overflow(household=own, kind="dirty", area=stairwell, text="楼道有异味")
    return logged


def _worker(building: Building | None, printed: User, gate: User) -> User:
    """The printed volunteer for their own building, the gate volunteer for the rest."""
    if building is not None and printed.serves(building):
        return printed
    return gate


def _daylight() -> datetime:
    """Now, or at night the end of the last active day: a demo built at 2 a.m. shows the
    rounds of the evening before, not rounds logged in the dark."""
    now = timezone.localtime()
    if DAY_STARTS <= now.time() < DAY_ENDS:
        return now
    ends = now.replace(hour=DAY_ENDS.hour, minute=0, second=0, microsecond=0)
    return ends if now.time() >= DAY_ENDS else ends - timedelta(days=1)


def _rounds(area: Area, worker: User, product: str, *, overdue: bool, rng: random.Random) -> int:
    """Today's rounds of an area, spaced by its interval, the last one recent (or long ago)."""
    step = interval(area.times_per_day)
    if overdue:
        last = timezone.now() - timedelta(hours=30)  # 30 hours always hold a whole active day
    else:
        last = _daylight() - step * rng.uniform(0.1, 0.8)
    actions.log_disinfection(user=worker, area=area, product=product, at=last)
    made, at = 1, last - step
    while last - at < timedelta(hours=14):
        if DAY_STARTS <= timezone.localtime(at).time() < DAY_ENDS:
            actions.log_disinfection(user=worker, area=area, product=product, at=at)
            made += 1
        at -= step
    return made
