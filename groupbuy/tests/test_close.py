import shutil
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from groupbuy import actions
from groupbuy.actions import ItemSpec, split_fee
from groupbuy.models import Offer, SignUp
from ledger.balances import balance_of, total_of_all, totals
from ledger.models import Transaction
from linli.errors import Conflict

from .conftest import items, make_offer


def _sign_up(offer, household, **quantities):
    ids = items(offer)
    actions.sign_up(offer=offer, household=household,
                    quantities={ids[name]: q for name, q in quantities.items()})  # fmt: skip


def test_the_minimum_not_reached_orders_nothing_and_charges_nobody(world, leader):
    offer = make_offer(leader, world.compound, minimum_kind="shares", minimum=Decimal(30))
    _sign_up(offer, world.h101, 牛奶=12)
    outcome = actions.close(user=leader, offer=offer)
    offer.refresh_from_db()
    assert not outcome.went_ahead
    assert offer.status == Offer.Status.FAILED
    assert "12 of 30 shares" in offer.outcome
    assert not Transaction.objects.exists()


def test_closing_fills_cases_charges_each_household_and_splits_the_fee_exactly(world, leader):
    offer = make_offer(leader, world.compound, fee=Decimal("10.00"), fee_split="household")
    _sign_up(offer, world.h101, 牛奶=8, 鸡蛋="2.5")
    _sign_up(offer, world.h201, 牛奶=4)
    _sign_up(offer, world.h301, 牛奶=3)  # the 13th to 15th box: no second case
    outcome = actions.close(user=leader, offer=offer)
    assert outcome.went_ahead
    assert any("1 cases ordered" in reason for reason in outcome.reasons)
    lines = {s.household_id: s.lines.get(item__name="牛奶") for s in offer.signups.all()}
    assert lines[world.h301.pk].allocated_milli == 0
    assert "could not be ordered" in lines[world.h301.pk].why
    # 8 × 5.50 + 2.5 × 6.80 = 61.00, and a third of the fee; 4 × 5.50 = 22.00 and the rest.
    charged = {s.household_id: s.charged for s in SignUp.objects.filter(offer=offer)}
    assert charged[world.h101.pk] + charged[world.h201.pk] == Decimal("83.00") + Decimal("10.00")
    assert charged[world.h301.pk] == 0  # nothing came, nothing charged
    assert balance_of(world.h101, offer.topic) == charged[world.h101.pk]
    assert totals(world.compound, offer.topic).charged == Decimal("93.00")
    assert total_of_all(world.compound) == 0
    with pytest.raises(Conflict):
        actions.close(user=leader, offer=offer)


def test_split_fee_always_sums_to_the_fee():
    fees = split_fee(Decimal("10.00"), {1: Decimal(1), 2: Decimal(1), 3: Decimal(1)})
    assert sum(fees.values()) == Decimal("10.00")
    assert sorted(fees.values()) == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]


def test_two_compounds_merge_to_reach_the_minimum_and_keep_their_own_households(
    world, leader, neighbour_leader
):
    ours = make_offer(leader, world.compound, minimum_kind="shares", minimum=Decimal(24))
    theirs = make_offer(neighbour_leader, world.other_compound, minimum_kind="shares",
                        minimum=Decimal(24))  # fmt: skip
    _sign_up(ours, world.h101, 牛奶=12)
    _sign_up(theirs, world.other_household, 牛奶=12)
    actions.merge(user=neighbour_leader, offer=theirs, code=ours.merge_code.lower())
    with pytest.raises(ValidationError, match="open until"):
        actions.close(user=leader, offer=ours)  # the neighbour's list is still open
    later = timezone.now() + timedelta(hours=4)
    outcome = actions.close(user=leader, offer=ours, now=later)
    assert outcome.went_ahead and outcome.shares == 24
    theirs.refresh_from_db()
    assert theirs.status == Offer.Status.CONFIRMED
    # Each compound's money is its own: charges to its own households, its own supplier account.
    assert balance_of(world.h101, ours.topic) == Decimal("66.00")
    assert balance_of(world.other_household, theirs.topic) == Decimal("66.00")
    assert totals(world.other_compound, ours.topic).charged == 0
    from groupbuy.outputs import order_lines

    (milk,) = order_lines(ours)
    assert milk.cases == 2 and milk.per_compound == [("别的小区", 12), ("阳光小区", 12)]


def test_merging_refuses_a_different_supplier_or_different_items(world, leader, neighbour_leader):
    ours = make_offer(leader, world.compound)
    other = make_offer(neighbour_leader, world.other_compound, supplier="别家")
    with pytest.raises(ValidationError, match="one supplier"):
        actions.merge(user=leader, offer=ours, code=other.merge_code)
    fewer = make_offer(neighbour_leader, world.other_compound,
                       items=[ItemSpec("牛奶", "盒", Decimal("5.50"), case_size=12)])  # fmt: skip
    with pytest.raises(ValidationError, match="items differ"):
        actions.merge(user=leader, offer=ours, code=fewer.merge_code)
    with pytest.raises(ValidationError, match="No offer"):
        actions.merge(user=leader, offer=ours, code="NOPE")


def test_payments_shortages_and_refunds_balance_to_the_fen(world, leader):
    offer = make_offer(leader, world.compound)
    _sign_up(offer, world.h101, 牛奶=6, 鸡蛋=2)
    _sign_up(offer, world.h201, 牛奶=6)
    actions.close(user=leader, offer=offer)
    first, second = SignUp.objects.filter(offer=offer).order_by("created_at")
    actions.mark_paid(user=leader, signup=first, amount="46.60", reference="wx-1")
    actions.mark_paid(user=leader, signup=second, amount="33.00", reference="wx-2")
    with pytest.raises(ValidationError, match="already recorded"):
        actions.mark_paid(user=leader, signup=second, amount="33.00", reference="wx-2")
    with pytest.raises(ValidationError, match="more than zero"):
        actions.mark_paid(user=leader, signup=second, amount="-5", reference="wx-3")
    # Two boxes of milk did not come: the last to sign up lose them, and are credited.
    milk = offer.items.get(name="牛奶")
    actions.record_shortage(user=leader, offer=offer, item=milk, short="2", reason="少发2盒")
    assert balance_of(world.h201, offer.topic) == Decimal("-11.00")
    assert balance_of(world.h101, offer.topic) == 0
    with pytest.raises(ValidationError, match="not more"):
        actions.refund(user=leader, offer=offer, household=world.h201, amount="12", reference="")
    actions.refund(user=leader, offer=offer, household=world.h201, amount="11.00", reference="")
    assert balance_of(world.h201, offer.topic) == 0
    money = totals(world.compound, offer.topic)
    assert money.supplier_bill == Decimal("68.60")  # 12 × 5.50 + 2 × 6.80 − 2 × 5.50
    assert money.held == Decimal("68.60")
    assert total_of_all(world.compound) == 0


def test_pick_lists_come_in_building_order_2_before_10(world, leader):
    from groupbuy.outputs import pick_lists
    from registry.models import Building, Household, Unit

    b10 = Building.objects.create(compound=world.compound, number="10", floors=6)
    unit = Unit.objects.create(building=b10, number="1")
    h10 = Household.objects.create(unit=unit, room="101", access_token=Household.new_token())
    offer = make_offer(leader, world.compound)
    for household in (h10, world.h201, world.h101):
        _sign_up(offer, household, 牛奶=4)
    actions.close(user=leader, offer=offer)
    assert list(pick_lists(offer)) == ["1栋", "2栋", "10栋"]


def test_a_household_that_helped_fill_a_case_is_told_why_it_gets_more(world, leader):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    actions.sign_up(offer=offer, household=world.h101, quantities={milk: 5})
    actions.sign_up(offer=offer, household=world.h201, quantities={milk: 4},
                    tolerances={milk: 3})  # fmt: skip
    actions.close(user=leader, offer=offer)
    line = SignUp.objects.get(offer=offer, household=world.h201).lines.get()
    assert line.allocated == 7
    assert line.why == "3 盒 more than you asked, as you offered, to complete a case of 12."


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_the_pick_list_asks_for_what_came_after_a_shortage(world, leader):
    from groupbuy.outputs import pick_lists_pdf

    offer = make_offer(leader, world.compound)
    _sign_up(offer, world.h101, 牛奶=6)
    _sign_up(offer, world.h201, 牛奶=6)
    actions.close(user=leader, offer=offer)
    milk = offer.items.get(name="牛奶")
    actions.record_shortage(user=leader, offer=offer, item=milk, short="2", reason="少发2盒")
    text = subprocess.run(["pdftotext", "-", "-"], input=pick_lists_pdf(offer, leader),
                          capture_output=True, check=True).stdout.decode()  # fmt: skip
    assert "¥33.00" in text  # 1栋: six boxes came
    assert "¥22.00" in text  # 2栋: four of six came, 6 × 5.50 less 2 × 5.50
