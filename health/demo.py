"""The demo compound's health rounds: this morning's test round half done, today's antigen
reports coming in, and a case from last week whose unit the "7+7" rule now steps down.

Written through the actions (so that rosters, counts and cases are what the product makes), except
that most check-ins are written in bulk: two thousand swabs one by one would slow `make run`.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from health import actions
from health.models import AntigenReport, Case, RosterEntry, Tube
from registry.models import Compound, Resident

TESTED = 0.72
REFUSED_REASONS = ["说已经在单位做过", "老人不愿下楼", "在睡觉，敲门没人应"]


@transaction.atomic
def build_demo_health(compound: Compound, seed: int = 2022) -> int:
    """The rounds, reports and cases; returns the number of residents on today's roster."""
    rng = random.Random(seed)
    admin = (
        User.objects.filter(role=Role.COMMUNITY_ADMIN, compounds=compound).order_by("pk").first()
    )
    sampler = (
        User.objects.filter(role=Role.MEDICAL_ADVISER, compounds=compound).order_by("pk").first()
        or admin
    )
    assert admin is not None and sampler is not None
    _last_weeks_case(compound, admin, rng)
    today = timezone.localdate()
    round = actions.open_round(
        user=admin,
        compound=compound,
        name=f"{today:%m月%d日} 全员核酸",
        day=today,
        buildings=[],
        tube_size=10,
        points=["东门采样点", "北门采样点"],
        team="万州区人民医院采样队",
    )
    _check_in_most(round, sampler, rng)
    for entry in rng.sample(list(round.entries.filter(state=RosterEntry.State.EXPECTED)[:400]), 6):
        state = rng.choice([RosterEntry.State.REFUSED, RosterEntry.State.UNREACHABLE])
        actions.mark_missed(
            user=admin, entry=entry, state=state, reason=rng.choice(REFUSED_REASONS)
        )
    east = round.points.order_by("pk")[0]
    for building in compound.buildings.order_by("pk")[:2]:
        actions.add_slot(
            user=admin,
            round=round,
            building_id=building.pk,
            starts="07:30",
            ends="08:00",
            point_id=east.pk,
        )
    first = round.tubes.filter(closed_at__isnull=False).order_by("pk").first()
    if first is not None:
        actions.report_tube(user=admin, tube=first, result=Tube.Result.NORMAL)
    _antigen_today(compound, rng)
    return round.entries.count()


def _check_in_most(round, sampler: User, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Seven in ten of those expected, building by building, in 10-in-1 tubes at the two points."""
    points = list(round.points.filter(door_to_door=False).order_by("pk"))
    expected = list(
        round.entries.filter(state=RosterEntry.State.EXPECTED, door_to_door=False)
        .order_by("building_id", "unit_id", "pk")
        .values_list("pk", flat=True)
    )
    chosen = [pk for pk in expected if rng.random() < TESTED]
    start = timezone.now() - timedelta(hours=2)
    number = 0
    for index in range(0, len(chosen), round.tube_size):
        batch = chosen[index : index + round.tube_size]
        point = points[(index // round.tube_size) % len(points)]
        number += 1
        at = start + timedelta(seconds=40 * index)
        tube = Tube.objects.create(
            round=round,
            point=point,
            code=f"WZ{round.day:%m%d}{number:05d}",
            size=round.tube_size,
            filled=len(batch),
            opened_by=sampler,
            opened_at=at,
            closed_at=at + timedelta(minutes=6) if len(batch) == round.tube_size else None,
        )
        RosterEntry.objects.filter(pk__in=batch).update(
            state=RosterEntry.State.TESTED, tube=tube, checked_in_at=at, checked_in_by=sampler
        )
    # Each point has one open tube, part filled or new, for the next resident.
    for point in points:
        open_tubes = Tube.objects.filter(point=point, closed_at__isnull=True).order_by("-pk")
        Tube.objects.filter(pk__in=[t.pk for t in open_tubes[1:]]).update(closed_at=F("opened_at"))
        if not open_tubes.exists():
            number += 1
            Tube.objects.create(
                round=round,
                point=point,
                code=f"WZ{round.day:%m%d}{number:05d}",
                size=round.tube_size,
                opened_by=sampler,
            )


def _antigen_today(compound: Compound, rng: random.Random) -> None:
    today = timezone.localdate()
    residents = list(
        Resident.objects.filter(household__unit__building__compound=compound)
        .exclude(household__status="away")
        .select_related("household__unit__building")
        .order_by("pk")
    )
    reports = [
        AntigenReport(
            resident=r,
            household=r.household,
            building=r.household.unit.building,
            day=today,
            result=AntigenReport.Result.INVALID
            if rng.random() < 0.01
            else AntigenReport.Result.NEGATIVE,
        )
        for r in residents
        if rng.random() < 0.6
    ]
    AntigenReport.objects.bulk_create(reports)


def _last_weeks_case(compound: Compound, admin: User, rng: random.Random) -> None:
    """A positive nine days ago, now isolating at home: its unit is due to step down to 居家."""
    resident = Resident.objects.filter(
        household__unit__building__compound=compound, household__status="occupied"
    ).order_by("pk")[rng.randrange(200, 400)]
    case = actions.open_case(
        resident=resident,
        source=Case.Source.ANTIGEN,
        by=admin,
        on=timezone.localdate() - timedelta(days=9),
    )
    actions.set_case_status(user=admin, case=case, status=Case.Status.HOME, note="轻症，居家隔离")
