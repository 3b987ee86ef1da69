"""An evening at the demo compound's gate: items on the way, on the shelf, at the door."""

from __future__ import annotations

import random

from django.db import transaction

from accounts.models import User
from logistics import actions
from logistics.models import Kind, Source, Status
from registry.demo import DEMO_GATE, DEMO_VOLUNTEER, demo_household
from registry.models import Compound, Household

LABELS = [
    (Kind.MEAL, Source.PLATFORM, "美团外卖", "给爸爸买的包子，送到{place}"),
    (Kind.FRESH, Source.SHOP, "华联超市", "{place} {name} 蔬菜包"),
    (Kind.PARCEL, Source.COURIER, "顺丰", "{place} {name} 收"),
    (Kind.MEDICINE, Source.RELATIVE, "女儿", "{name}的降压药 {place}"),
    (Kind.BULK, Source.SHOP, "粮油店", "{place} 大米一袋"),
]
UNADDRESSED = [
    "帮忙送到王牌路37号邮电宿舍",
    "小王 收 电话尾号0000",
    "3号楼 快递",
]


@transaction.atomic
def build_demo_items(compound: Compound, seed: int = 2022) -> int:
    rng = random.Random(seed)
    gate = User.objects.get(phone=DEMO_GATE)
    volunteer = User.objects.get(phone=DEMO_VOLUNTEER)
    households = list(
        Household.objects.filter(unit__building__compound=compound, residents__isnull=False)
        .distinct()
        .select_related("unit__building")
        .prefetch_related("residents")
    )
    chosen = rng.sample(households, 40)
    own = demo_household()
    # The volunteer's building has a run sheet to carry up, the printed household a delivery.
    theirs = [h for h in households if volunteer.serves(h.unit.building)][:6]
    made = 0
    for index, household in enumerate([*((own and [own]) or []), *theirs, *chosen]):
        kind, source, sender, pattern = LABELS[index % len(LABELS)]
        person = household.residents.all()[0]
        item = actions.receive_item(
            user=gate, compound=compound, kind=kind, source=source, sender=sender,
            label_text=pattern.format(place=household.address, name=person.name),
            pieces=rng.choice([1, 1, 1, 2, 3]), disinfected=True,
        )  # fmt: skip
        made += 1
        if index >= 7 and index % 3 == 0:
            actions.hand_off(user=gate, item=item, stage=Status.GRID)
        if index >= 7 and index % 4 == 0:
            actions.hand_off(user=gate, item=item, stage=Status.DELIVERED)
    for label in UNADDRESSED:
        actions.receive_item(
            user=gate, compound=compound, kind=Kind.PARCEL, label_text=label, sender="中通"
        )
        made += 1
    return made
