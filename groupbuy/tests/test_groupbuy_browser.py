"""A group buy on phones, from publication to the last refund (seed 002).

The 团长 publishes milk in cases of 12 with a minimum of 30 boxes; two households sign up (one
from its link, one by a volunteer's proxy) and one late; 富民's 24 boxes reach the minimum only
with the neighbour's 12, merged; the cut-off makes the order sheet and pick lists; payments
are marked, half a case does not come and is refunded, and the unpaid list empties.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Role, User
from conftest import PASSWORD
from groupbuy import actions
from groupbuy.actions import ItemSpec
from groupbuy.models import Offer
from ledger.balances import balance_of, total_of_all, unpaid
from registry.models import Household
from tests.test_browser import browser, log_in, phone, shot  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MILK = ItemSpec(name="纯牛奶", unit="盒", price=Decimal("4.50"), case_size=12)


@pytest.fixture
def leader(world):
    user = User.objects.create_user("13800000021", PASSWORD, name="林小雨",
                                    role=Role.GROUP_BUY_LEADER)  # fmt: skip
    user.compounds.add(world.compound)
    return user


@pytest.fixture
def neighbours_offer(world):
    """佳日公寓 next door: its 团长 has the same milk on offer, and one household wants a case."""
    theirs = User.objects.create_user("13800000022", PASSWORD, name="邻团长",
                                      role=Role.GROUP_BUY_LEADER)  # fmt: skip
    theirs.compounds.add(world.other_compound)
    offer = actions.publish_offer(
        user=theirs, compound=world.other_compound, title="光明牛奶", supplier="光明乳业",
        cutoff_at=timezone.now() + timedelta(hours=1), items=[MILK],
        minimum_kind=Offer.Minimum.SHARES, minimum=Decimal(30),
    )  # fmt: skip
    actions.sign_up(offer=offer, household=world.other_household,
                    quantities={offer.items.get().pk: 12})  # fmt: skip
    return offer


def test_a_leader_runs_a_merged_group_buy_to_the_last_refund(
    browser,  # noqa: F811
    live_server,
    world,
    leader,
    neighbours_offer,
):
    page = phone(browser, live_server.url)
    log_in(page, leader.phone)

    # Publish.
    page.goto(page.base + "/groupbuy/new/")
    page.fill("#id_title", "光明牛奶")
    page.fill("#id_supplier", "光明乳业")
    cutoff = timezone.localtime() + timedelta(hours=2)
    page.fill("#id_cutoff_at", cutoff.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_minimum_kind", "shares")
    page.fill("#id_minimum", "30")
    page.fill("#id_items-0-name", MILK.name)
    page.select_option("#id_items-0-unit", MILK.unit)
    page.fill("#id_items-0-price", "4.50")
    page.fill("#id_items-0-case_size", "12")
    shot(page, "groupbuy-publish")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".notice.success")
    offer = Offer.objects.get(compound=world.compound)
    milk = offer.items.get()
    # The text for the chat groups.
    assert "光明牛奶" in page.locator("textarea.paste").first.input_value()

    # A household signs up from its link; a bad quantity first.
    home = phone(browser, live_server.url)
    home.goto(home.base + f"/h/{world.h101.access_token}/")
    card = home.locator("form.offer")
    card.locator(f"[name=item-{milk.pk}]").fill("1.5")
    card.locator("button[type=submit]:not([name=cancel])").click()
    home.wait_for_selector(".notice.error")
    assert "1.5" in home.inner_text(".notice.error")
    home.locator(f"form.offer [name=item-{milk.pk}]").fill("12")
    home.locator("form.offer button[type=submit]:not([name=cancel])").click()
    home.wait_for_selector(".notice.success")
    shot(home, "groupbuy-household-signed-up")

    # A volunteer signs up a household without a smartphone, in their own building.
    helper = phone(browser, live_server.url)
    log_in(helper, world.volunteer.phone)
    helper.goto(helper.base + f"/groupbuy/{offer.pk}/proxy/")
    helper.fill("[name=where]", "1-1-101")  # not their building
    helper.fill(f"[name=item-{milk.pk}]", "6")
    helper.click("main form button[type=submit]")
    helper.wait_for_selector(".error, .notice.error")
    helper.fill("[name=where]", "2-1-201")
    helper.fill(f"[name=item-{milk.pk}]", "6")
    helper.click("main form button[type=submit]")
    helper.wait_for_selector(".notice.success")
    shot(helper, "groupbuy-proxy")

    # Merge with the neighbour, whose list then closes.
    page.goto(page.base + f"/groupbuy/{offer.pk}/")
    page.fill("#merge input[name=code]", neighbours_offer.merge_code)
    page.click("#merge button[type=submit]")
    page.wait_for_selector(".notice.success")
    assert "别的小区" in page.inner_text("main")
    past = timezone.now() - timedelta(minutes=1)
    Offer.objects.filter(pk__in=[offer.pk, neighbours_offer.pk]).update(cutoff_at=past)

    # After the cut-off the household cannot join; the leader adds it, late, with a reason.
    late = phone(browser, live_server.url)
    late.goto(late.base + f"/h/{world.h301.access_token}/")
    assert late.locator("form.offer").count() == 0  # past the cut-off: nothing to sign up for
    page.goto(page.base + f"/groupbuy/{offer.pk}/proxy/")
    page.fill("[name=where]", "3-2-501")
    page.fill(f"[name=item-{milk.pk}]", "6")
    page.fill("[name=late_reason]", "刚从医院回来")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".notice.success")
    assert "刚从医院回来" in page.inner_text("ol.signups")

    # Cut off: 24 here and 12 next door make the 30; three cases go to the supplier.
    page.click("text=截单并分配")
    page.wait_for_selector(".notice.success, .notice.ok")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.CONFIRMED
    shot(page, "groupbuy-closed")
    for url, kind in (("order.xlsx", "spreadsheet"), ("order.pdf", "pdf"),
                      ("picks.pdf", "pdf")):  # fmt: skip
        response = page.request.get(page.base + f"/groupbuy/{offer.pk}/{url}")
        assert response.status == 200 and kind in response.headers["content-type"]

    # Payments, each with its transfer's reference; the unpaid list empties.
    households = Household.objects.filter(unit__building__compound=world.compound)
    assert len(unpaid(households)) == 3
    for n, household in enumerate((world.h101, world.h201, world.h301)):
        form = page.locator(f"form.unpaid[data-household='{household.pk}']")
        form.locator("[name=reference]").fill(f"WX{n}")
        form.locator("button[type=submit]").click()
        page.wait_for_selector(".notice.success")
    assert unpaid(households) == []
    money = phone(browser, live_server.url)
    log_in(money, world.admin.phone)
    money.goto(money.base + "/money/")
    assert "没有人欠款" in money.inner_text("main")

    # Half a case did not come: the last to sign up (the late household) is credited, refunded.
    page.goto(page.base + f"/groupbuy/{offer.pk}/#shortage")
    page.fill("#id_short", "6")
    page.fill("#id_reason", "少送半箱")
    page.click("#shortage button[type=submit]")
    page.wait_for_selector(".notice.success")
    assert balance_of(world.h301) == Decimal("-27.00")
    assert "实到：0" in page.inner_text("ol.signups")
    page.locator("#refunds ~ form.card [name=reference]").first.fill("WX-REFUND")
    page.locator("#refunds ~ form.card button[type=submit]").first.click()
    page.wait_for_selector(".notice.success")
    assert balance_of(world.h301) == 0
    assert total_of_all(world.compound) == 0
    shot(page, "groupbuy-refunded")
    for context_page in (home, helper, late, money):
        context_page.context.close()
    page.context.close()
