"""The money pages: gas-card top-ups collected for a supplier and paid on, the donation and
spending form as the admin types into it, and their refusals.

Pages answer in Chinese first, so their notices are asserted in Chinese."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ledger import balances
from ledger.models import Transaction


@pytest.fixture
def treasurer(world):
    """The supply group's leader, who takes the households' transfers (seed 000)."""
    return world.client(world.group_leader)


def collect(client, world, **fields):
    # As the form posts it: the supplier's box comes filled in with the gas company.
    data = {"compound": world.compound.pk, "where": "1-1-101", "amount": "250",
            "supplier": "燃气公司", "reference": "WX-GAS-1", **fields}  # fmt: skip
    return client.post(reverse("money_collect"), data, follow=True)


def test_a_top_up_is_owed_to_the_gas_company_and_paid_at_once(world, treasurer):
    response = collect(treasurer, world)
    assert f"已记账：{world.h101.address} 已付款" in response.content.decode()
    assert balances.balance_of(world.h101) == 0
    assert balances.suppliers(world.compound) == [("燃气公司", Decimal(250))]
    page = treasurer.get(reverse("money")).content.decode()
    assert "燃气公司: ¥250.00" in page
    assert "组长: ¥250.00" in page  # who holds it until it is paid on


def test_the_gas_company_is_paid_what_it_is_owed_and_no_more(world, treasurer):
    collect(treasurer, world)
    collect(treasurer, world, where="3-2-501", reference="WX-GAS-2")
    data = {"compound": world.compound.pk, "supplier": "燃气公司", "reference": "SXRQ-1"}
    response = treasurer.post(reverse("money_supplier"), {**data, "amount": "600"}, follow=True)
    assert "只欠燃气公司 ¥500.00，不能多付。" in response.content.decode()
    treasurer.post(reverse("money_supplier"), {**data, "amount": "500"}, follow=True)
    assert balances.suppliers(world.compound) == []
    assert balances.holdings(world.compound) == []
    assert balances.total_of_all(world.compound) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"amount": "0"}, "必须大于零"),
        ({"amount": "-5"}, "必须大于零"),
        ({"amount": "1.234"}, "两位小数"),
        ({"amount": "abc"}, "不是金额"),
        ({"where": ""}, "请写楼栋-单元-房号"),
        ({"where": "9-9-909"}, "您负责的住户里找不到"),
    ],
)
def test_a_bad_top_up_says_why_and_records_nothing(world, treasurer, fields, message):
    response = collect(treasurer, world, **fields)
    assert message in response.content.decode()
    assert not Transaction.objects.filter(compound=world.compound).exists()


def test_the_same_transfer_is_not_counted_twice(world, treasurer):
    collect(treasurer, world)
    response = collect(treasurer, world, where="3-2-501")
    assert "已经登记过" in response.content.decode()
    assert balances.balance_of(world.h301) == 0  # the charge went back with the payment
    assert Transaction.objects.filter(compound=world.compound).count() == 2


def test_a_household_outside_the_collectors_scope_is_refused(world):
    """A 团长 of building 1 only cannot record money for building 3."""
    from accounts.models import Role, User

    leader = User.objects.create_user("13800000031", "x", name="一号楼团长",
                                      role=Role.GROUP_BUY_LEADER)  # fmt: skip
    leader.buildings.add(world.b1)
    response = collect(world.client(leader), world, where="3-2-501")
    assert "您负责的住户里找不到" in response.content.decode()
    response = collect(world.client(world.outsider), world)
    assert not Transaction.objects.filter(compound=world.compound).exists()


def test_people_who_do_not_handle_money_cannot_collect(world):
    response = world.client(world.volunteer).post(
        reverse("money_collect"), {"where": "2-1-201", "amount": "10"}
    )
    assert response.status_code == 403
    assert not Transaction.objects.exists()


# --- the donation and spending form ---


def _record(client, world, **data):
    data = {"compound": world.compound.pk, "kind": "donation", "memo": "张阿姨", **data}
    return client.post(reverse("money_fund"), data, follow=True).content.decode()


def test_amounts_people_would_not_write_are_refused_in_words(world):
    client = world.client(world.admin)
    for typed, said in (("1e3", "不是金额"), ("", "请按元填写金额"), ("0", "大于零"),
                        ("1.234", "两位小数"), ("abc", "不是金额")):  # fmt: skip
        page = _record(client, world, amount=typed)
        assert said in page, typed
    assert not Transaction.objects.exists()
    assert "已记账" in _record(client, world, amount="50")
    assert Transaction.objects.count() == 1


def test_spending_says_what_it_was_for(world):
    client = world.client(world.admin)
    _record(client, world, amount="50")  # a donation first: one spends what one holds
    page = _record(client, world, kind="spending", amount="20", memo=" ")
    assert "请写明这笔钱用于什么" in page and Transaction.objects.count() == 1
    assert "已记账" in _record(client, world, kind="spending", amount="20", memo="口罩")


def test_a_volunteer_does_not_record_money(world):
    response = world.client(world.volunteer).post(
        reverse("money_fund"), {"compound": world.compound.pk, "amount": "50"}
    )
    assert response.status_code == 403 and not Transaction.objects.exists()


def test_an_outcome_is_said_beside_its_form_where_the_redirect_lands(world, treasurer):
    response = collect(treasurer, world, amount="abc")
    assert response.redirect_chain[-1][0].endswith("#collect")
    page = response.content.decode()
    assert (
        page.index('id="collect"')
        < page.index("不是金额")
        < page.index('action="/money/suppliers/"')
    )
