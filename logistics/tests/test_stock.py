from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linli.errors import Conflict
from logistics import stock
from logistics.forms import IssueForm
from logistics.models import Stock, StockMove


def donate(world, *lines, donor="爱心企业"):
    return stock.receive_donation(
        user=world.admin, compound=world.compound, donor=donor,
        goods=[{"article": a, "quantity": q, "unit": u, "expires_on": e} for a, q, u, e in lines],
    )  # fmt: skip


def test_a_donation_of_goods_enters_stock(world):
    donate(world, ("牛奶", "24", "盒", date(2026, 12, 20)), ("消毒液", "2.5", "升", None))
    assert stock.on_hand_of(world.compound, "牛奶", "物资仓库") == 24
    assert stock.on_hand_of(world.compound, "消毒液", "物资仓库") == Decimal("2.5")


def test_an_issue_takes_the_lot_that_expires_first(world):
    donate(world, ("面包", "10", "袋", date(2026, 12, 10)), ("面包", "10", "袋", date(2026, 12, 5)))
    stock.issue(user=world.admin, compound=world.compound, article="面包", quantity=Decimal(12),
                household=world.h101)  # fmt: skip
    left = dict(Stock.objects.values_list("expires_on", "milli"))
    assert left == {date(2026, 12, 5): 0, date(2026, 12, 10): 8000}


def test_issuing_more_than_there_is_changes_nothing(world):
    donate(world, ("口罩", "50", "个", None))
    with pytest.raises(Conflict, match="50"):
        stock.issue(user=world.admin, compound=world.compound, article="口罩",
                    quantity=Decimal(51), issued_to="门岗")  # fmt: skip
    assert stock.on_hand_of(world.compound, "口罩", "物资仓库") == 50
    assert StockMove.objects.filter(milli__lt=0).count() == 0


def test_an_issue_names_who_it_goes_to(world):
    donate(world, ("防护服", "10", "套", None))
    with pytest.raises(ValidationError):
        stock.issue(
            user=world.admin, compound=world.compound, article="防护服", quantity=Decimal(1)
        )


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "NaN", "Infinity", "1e9", "0.0001"])
def test_an_impossible_quantity_is_refused(world, bad):
    with pytest.raises(ValidationError):
        donate(world, ("米", bad, "袋", None))
    assert not Stock.objects.exists()


def test_low_stock_and_near_expiry_are_flagged(world):
    today = date(2026, 12, 2)
    donate(world, ("牛奶", "5", "盒", today + timedelta(days=3)), ("米", "100", "斤", None))
    Stock.objects.filter(article="牛奶").update(low_milli=10_000)
    lines = {line.article: line for line in stock.stock_lines(world.compound, today)}
    assert lines["牛奶"].low and lines["牛奶"].near_expiry == today + timedelta(days=3)
    assert not lines["米"].low and lines["米"].near_expiry is None


def test_the_public_summary_has_no_personal_data(world):
    stock.receive_donation(
        user=world.admin, compound=world.compound, donor="张三丰", donor_is_resident=True,
        goods=[{"article": "苹果", "quantity": "20"}],
    )  # fmt: skip
    stock.issue(user=world.admin, compound=world.compound, article="苹果", quantity=Decimal(5),
                household=world.h101)  # fmt: skip
    body = world.client(None).get(reverse("gate_public", args=[world.compound.pk])).content.decode()
    assert "苹果" in body and "20" in body and "15" in body
    assert "张三丰" not in body and "1栋1单元101" not in body


OPS = st.lists(
    st.tuples(
        st.sampled_from(["in", "out"]),
        st.sampled_from(["米", "油"]),
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal(500), places=3),
        st.sampled_from([None, date(2026, 12, 5), date(2026, 12, 9)]),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_the_goods_ledger_always_balances(world, ops):
    """Whatever comes in and goes out: each lot is the sum of its moves, nothing is negative,
    and received = issued + on hand."""
    with transaction.atomic():
        issued_ok = Decimal(0)
        for op, article, quantity, expiry in ops:
            if op == "in":
                stock.stock_in(user=world.admin, compound=world.compound, article=article,
                               quantity=quantity, reason="bought", expires_on=expiry)  # fmt: skip
            else:
                before = stock.on_hand_of(world.compound, article, "物资仓库")
                try:
                    stock.issue(user=world.admin, compound=world.compound, article=article,
                                quantity=quantity, issued_to="门岗")  # fmt: skip
                    issued_ok += quantity
                except Conflict:
                    assert stock.on_hand_of(world.compound, article, "物资仓库") == before
        for lot in Stock.objects.filter(compound=world.compound):
            assert lot.milli >= 0
            assert lot.milli == (lot.moves.aggregate(t=Sum("milli"))["t"] or 0)
        moves = StockMove.objects.filter(stock__compound=world.compound)
        received = moves.filter(milli__gt=0).aggregate(t=Sum("milli"))["t"] or 0
        issued = -(moves.filter(milli__lt=0).aggregate(t=Sum("milli"))["t"] or 0)
        on_hand = Stock.objects.filter(compound=world.compound).aggregate(t=Sum("milli"))["t"] or 0
        assert issued == issued_ok * 1000
        assert received == issued + on_hand
        transaction.set_rollback(True)


def test_the_low_stock_level_is_set_on_the_stock_page(world):
    donate(world, ("消毒液", "3", "升", None))
    client = world.client(world.admin)
    client.post(reverse("gate_low_level"), {"article": "消毒液", "post": "物资仓库", "level": "5"})
    [line] = stock.stock_lines(world.compound)
    assert line.low
    response = client.post(
        reverse("gate_low_level"),
        {"article": "酒精", "post": "物资仓库", "level": "5"},
        follow=True,
    )
    assert 'class="notice error"' in response.content.decode()


def test_a_refused_issue_says_which_field_is_wrong(world):
    client = world.client(world.admin)
    response = client.post(
        reverse("gate_issue"), {"article": "", "quantity": "1", "post": "物资仓库"}, follow=True
    )
    [notice] = [str(m) for m in response.context["messages"]]
    assert str(IssueForm().fields["article"].label) in notice
    assert not StockMove.objects.exists()


def test_the_stock_page_lists_what_each_donation_brought(world):
    donate(world, ("牛奶", "24", "盒", None))
    body = world.client(world.admin).get(reverse("gate_stock")).content.decode()
    log = body[body.rindex('<table class="log">') :]
    assert "牛奶 24盒" in log
