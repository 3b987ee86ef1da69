"""A week of group buying at the demo compound (seed 002): one order the neighbour helps reach,
one that went ahead yesterday with payments still coming in, and a gas-card round (seed 000).

The milk order is merged with 佳日公寓, a small compound next door, because 富民花园 alone
cannot reach the dairy's minimum: its list is open until tomorrow evening, the neighbour's has
closed, so the demo 团长 can close the merged order at once or wait for more sign-ups.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from groupbuy import actions
from groupbuy.actions import ItemSpec
from groupbuy.models import Offer
from ledger import actions as ledger
from lib.address import floor_of
from registry.demo import DEMO_GROUP_BUY, DEMO_PASSWORD, DEMO_VOLUNTEER, demo_household
from registry.models import Building, Compound, Household, Unit

NEIGHBOUR = "佳日公寓"
DAIRY = "光明乳业万州配送站"
MILK_TITLE = "光明牛奶 整箱拼单"
MILK = [
    ItemSpec(name="纯牛奶", spec="250ml", unit="盒", price=Decimal("4.50"), case_size=12),
    ItemSpec(name="鸡蛋", unit="斤", price=Decimal("6.80"), limit=Decimal(5)),
]
VEGETABLES = [
    ItemSpec(name="蔬菜包", spec="约8斤，6种", unit="份", price=Decimal("38.00"), limit=Decimal(2)),
    ItemSpec(name="东北大米", spec="10公斤", unit="袋", price=Decimal("65.00"), limit=Decimal(1)),
]


@transaction.atomic
def build_demo_group_buys(compound: Compound, seed: int = 2022) -> int:
    """Publish, sign up, merge and close as a 团长 would; returns the number of offers."""
    rng = random.Random(seed)
    leader = User.objects.get(phone=DEMO_GROUP_BUY)
    volunteer = User.objects.get(phone=DEMO_VOLUNTEER)
    own = demo_household()
    households = [
        h
        for h in Household.objects.filter(
            unit__building__compound=compound, residents__isnull=False
        )
        .distinct()
        .select_related("unit__building__compound")
        .order_by("pk")
        if h != own  # the printed household's link is left to sign up by whoever tries it
    ]
    now = timezone.now()

    # Yesterday's vegetables: went ahead, most have paid, a few are still to be chased.
    vegetables = actions.publish_offer(
        user=leader, compound=compound, title="蔬菜包 第3期", supplier="万州永辉超市",
        cutoff_at=now + timedelta(minutes=5), items=VEGETABLES, delivery_on=now.date(),
        minimum_kind=Offer.Minimum.AMOUNT, minimum=Decimal(1000), fee=Decimal(40),
        notes="每户限两份，明早送到各楼栋。",
    )  # fmt: skip
    veg, rice = list(vegetables.items.order_by("position"))
    buyers = rng.sample(households, 36)
    for household in buyers:
        actions.sign_up(
            offer=vegetables, household=household,
            quantities={veg.pk: rng.choice([1, 1, 2]), rice.pk: rng.choice([0, 0, 1])},
        )  # fmt: skip
    actions.close(user=leader, offer=vegetables)
    for index, signup in enumerate(vegetables.signups.filter(charged__gt=0).order_by("pk")):
        if index % 4 != 3 and signup.charged is not None:  # one in four has not paid yet
            actions.mark_paid(
                user=leader, signup=signup, amount=str(signup.charged),
                reference=f"WX{seed}{signup.pk:06d}",
            )  # fmt: skip

    # Gas cards, collected and paid centrally (seed 000: 8 households, ¥2,000).
    for household in rng.sample(households, 8):
        ledger.charge(
            household=household, amount=Decimal(250), supplier="三峡燃气", recorded_by=leader,
            memo="燃气卡充值", topic="gas",
        )  # fmt: skip
        ledger.receive_payment(
            household=household, amount=Decimal(250), holder=leader, recorded_by=leader,
            reference=f"GAS{household.pk:06d}", memo="燃气卡充值", topic="gas",
        )  # fmt: skip
    ledger.pay_supplier(
        compound=compound, supplier="三峡燃气", amount=Decimal(2000), holder=leader,
        reference="SXRQ-20221123", recorded_by=leader, memo="8户燃气卡充值", topic="gas",
    )  # fmt: skip

    # Milk in whole cases of 12: about 320 boxes here, 108 next door, 400 to go ahead.
    tomorrow_evening = (timezone.localtime(now) + timedelta(days=1)).replace(
        hour=20, minute=0, second=0, microsecond=0
    )
    milk = actions.publish_offer(
        user=leader, compound=compound, title=MILK_TITLE, supplier=DAIRY,
        cutoff_at=tomorrow_evening, items=MILK,
        delivery_on=(now + timedelta(days=3)).date(),
        minimum_kind=Offer.Minimum.SHARES, minimum=Decimal(400), fee=Decimal(30),
        fee_split=Offer.FeeSplit.SHARE,
        notes="12盒一箱，也可以只要几盒；愿意多要几盒凑整箱的，请填“可多要”。",
    )  # fmt: skip
    box, eggs = list(milk.items.order_by("position"))
    for household in rng.sample(households, 24):
        proxy = volunteer if volunteer.serves(household.unit.building) else None
        actions.sign_up(
            offer=milk, household=household,
            quantities={box.pk: rng.choice([6, 12, 12, 24]), eggs.pk: rng.choice([0, 2, 3])},
            tolerances={box.pk: rng.choice([0, 0, 6])}, proxy_by=proxy,
        )  # fmt: skip
    elderly = next(
        h for h in households if volunteer.serves(h.unit.building) and not h.uses_smartphone
    )
    actions.sign_up(offer=milk, household=elderly, quantities={box.pk: 6}, proxy_by=volunteer)

    neighbour, neighbour_leader = _neighbour(leader.password)
    theirs = actions.publish_offer(
        user=neighbour_leader, compound=neighbour, title=MILK_TITLE, supplier=DAIRY,
        cutoff_at=now + timedelta(minutes=5), items=MILK, minimum_kind=Offer.Minimum.SHARES,
        minimum=Decimal(400), fee=Decimal(20),
    )  # fmt: skip
    their_box = theirs.items.get(name="纯牛奶")
    for household in Household.objects.filter(unit__building__compound=neighbour).order_by("pk")[
        :9
    ]:
        actions.sign_up(offer=theirs, household=household, quantities={their_box.pk: 12})
    actions.merge(user=leader, offer=milk, code=theirs.merge_code)
    Offer.objects.filter(pk=theirs.pk).update(
        cutoff_at=now - timedelta(hours=1)
    )  # their list closed
    return Offer.objects.filter(compound=compound).count()


def _neighbour(password: str) -> tuple[Compound, User]:
    """佳日公寓: one building of 24 households next door, with its own 团长."""
    compound = Compound.objects.create(
        name=NEIGHBOUR, community="富民社区", address="重庆市万州区富民路2号"
    )
    building = Building.objects.create(compound=compound, number="1", floors=6, has_lift=False)
    unit = Unit.objects.create(building=building, number="1")
    Household.objects.bulk_create([
        Household(unit=unit, room=f"{floor}{door:02d}", floor=floor_of(f"{floor}{door:02d}"),
                  access_token=Household.new_token(), contact_phone=f"1370000{floor}{door:03d}")
        for floor in range(1, 7) for door in range(1, 5)
    ])  # fmt: skip
    leader = User.objects.create(
        phone="13700000099", name="佳日团长", role=Role.GROUP_BUY_LEADER,
        password=password or make_password(DEMO_PASSWORD),
    )  # fmt: skip
    leader.compounds.add(compound)
    return compound, leader
