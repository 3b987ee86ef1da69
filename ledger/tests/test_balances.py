"""The ledger balances for every sequence of operations (hypothesis drives the sequences)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import actions
from ledger.balances import balance_of, holdings, total_of_all
from ledger.models import Transaction

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999.99"), places=2)
operations = st.lists(
    st.tuples(st.sampled_from(["charge", "credit", "pay", "payout", "supplier", "advance",
                               "repay", "donate", "spend"]),
              st.sampled_from(["h101", "h201"]), amounts),
    max_size=25,
)  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations)
def test_every_sequence_balances_and_a_household_owes_charges_less_payments(world, ops):
    Transaction.objects.all().delete()
    expected = {"h101": Decimal(0), "h201": Decimal(0)}
    leader = world.admin
    for n, (op, name, amount) in enumerate(ops):
        household = getattr(world, name)
        common = {"household": household, "amount": amount}
        if op == "charge":
            actions.charge(**common, supplier="菜场", recorded_by=leader, memo="菜")
            expected[name] += amount
        elif op == "credit":
            actions.credit_shortage(**common, supplier="菜场", recorded_by=leader, memo="缺")
            expected[name] -= amount
        elif op == "pay":
            actions.receive_payment(**common, holder=leader, reference=f"wx{n}",
                                    recorded_by=leader)  # fmt: skip
            expected[name] -= amount
        elif op == "payout":
            actions.pay_out(**common, holder=leader, reference="", recorded_by=leader)
            expected[name] += amount
        elif op == "supplier":
            actions.pay_supplier(compound=world.compound, supplier="菜场", amount=amount,
                                 holder=leader, reference="", recorded_by=leader)  # fmt: skip
        elif op == "advance":
            actions.advance(**common, volunteer=world.volunteer, memo="药", topic="request:1")
            expected[name] += amount
        elif op == "repay":
            actions.repay_advance(**common, volunteer=world.volunteer, reference=f"r{n}",
                                  recorded_by=leader, memo="药", topic="request:1")  # fmt: skip
            expected[name] -= amount
        elif op == "donate":
            actions.receive_donation(
                compound=world.compound, amount=amount, holder=leader, donor="好心人",
                reference=f"d{n}", recorded_by=leader,
            )  # fmt: skip
        else:
            held = sum((a for u, a in holdings(world.compound) if u == leader), Decimal(0))
            if amount <= held:  # more than one holds is refused (test below)
                actions.spend_from_fund(compound=world.compound, amount=amount, memo="消毒液",
                                        recorded_by=leader, holder=leader)  # fmt: skip
        assert total_of_all(world.compound) == 0
    for name, owed in expected.items():
        assert balance_of(getattr(world, name)) == owed


@pytest.mark.parametrize("amount", ["0", "-3", "1.234", "abc", "NaN", "9999999"])
def test_a_bad_amount_is_refused_and_writes_nothing(world, amount):
    with pytest.raises(ValidationError):
        actions.charge(household=world.h101, amount=amount, supplier="菜场",
                       recorded_by=world.admin, memo="菜")  # fmt: skip
    assert not Transaction.objects.exists()


def test_the_same_transfer_is_counted_once_and_the_holder_holds_it(world):
    actions.receive_payment(household=world.h101, amount="20.00", holder=world.admin,
                            reference="4200001", recorded_by=world.admin)  # fmt: skip
    with pytest.raises(ValidationError, match="already recorded"):
        actions.receive_payment(household=world.h201, amount="20.00", holder=world.admin,
                                reference=" 4200001 ", recorded_by=world.admin)  # fmt: skip
    assert holdings(world.compound) == [(world.admin, Decimal("20.00"))]


def test_sums_are_exact_to_the_fen_on_every_database(world):
    """SQLite adds decimals as floats: three 0.02 charges must still owe exactly ¥0.06."""
    for _ in range(3):
        actions.charge(household=world.h201, amount="0.02", supplier="菜场", recorded_by=None,
                       memo="葱")  # fmt: skip
    actions.receive_payment(household=world.h201, amount="0.01", holder=world.admin,
                            reference="", recorded_by=world.admin)  # fmt: skip
    assert str(balance_of(world.h201)) == "0.05"
    assert holdings(world.compound) == [(world.admin, Decimal("0.01"))]
    assert str(total_of_all(world.compound)) == "0.00"


def test_charging_an_order_at_once_is_charging_each_household(world):
    """charge_many (an order's cut-off) writes what one charge per household would."""
    from accounts.models import AuditEntry
    from ledger.balances import household_balances

    actions.charge(household=world.h101, amount="1.00", supplier="光明", recorded_by=world.admin,
                   memo="先前", topic="offer:1")  # fmt: skip
    written = actions.charge_many(
        compound=world.compound, supplier="光明", recorded_by=world.admin, memo="牛奶",
        topic="offer:2", charges=[(world.h101, Decimal("11.00")), (world.h201, Decimal("5.50"))],
    )  # fmt: skip
    assert written == 2
    assert household_balances([world.h101.pk, world.h201.pk]) == {
        world.h101.pk: Decimal("12.00"),
        world.h201.pk: Decimal("5.50"),
    }
    assert total_of_all(world.compound) == 0
    entries = Transaction.objects.filter(topic="offer:2")
    assert {e.postings.count() for e in entries} == {2}
    audited = AuditEntry.objects.filter(object_type="ledger.transaction",
                                        object_id__in=[str(e.pk) for e in entries])  # fmt: skip
    assert audited.count() == 2 and {a.actor for a in audited} == {world.admin.name}
    with pytest.raises(ValidationError):
        actions.charge_many(compound=world.compound, supplier="光明", recorded_by=None, memo="",
                            charges=[(world.h101, Decimal("-1"))])  # fmt: skip


def test_the_unpaid_list_goes_in_building_order_2_before_10(world):
    from ledger.balances import unpaid
    from registry.models import Building, Household, Unit

    b10 = Building.objects.create(compound=world.compound, number="10", floors=6)
    unit = Unit.objects.create(building=b10, number="1")
    h10 = Household.objects.create(unit=unit, room="101", access_token=Household.new_token())
    for household in (h10, world.h201, world.h101):
        actions.charge(household=household, amount=Decimal(5), supplier="菜场",
                       recorded_by=world.admin, memo="菜")  # fmt: skip
    households = Household.objects.filter(pk__in=[h10.pk, world.h101.pk, world.h201.pk])
    assert [o.household for o in unpaid(households)] == [world.h101, world.h201, h10]


def test_a_volunteer_cannot_spend_more_of_the_fund_than_they_hold(world):
    actions.receive_donation(compound=world.compound, amount="30", holder=world.admin,
                             donor="好心人", reference="d1", recorded_by=world.admin)  # fmt: skip
    with pytest.raises(ValidationError, match=r"30\.00"):
        actions.spend_from_fund(compound=world.compound, amount="30.01", recorded_by=world.admin,
                                memo="消毒液", holder=world.admin)  # fmt: skip
    actions.spend_from_fund(compound=world.compound, amount="30", recorded_by=world.admin,
                            memo="消毒液", holder=world.admin)  # fmt: skip
    assert holdings(world.compound) == []
