"""The gate on phones: log an item, sort it, hand it on, deliver it, the household sees it."""

from __future__ import annotations

import pytest

from accounts.models import Role, User
from conftest import PASSWORD
from logistics.models import Item, Status
from tests.test_browser import browser, log_in, phone, shot  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gate_phone(browser, live_server, world):  # noqa: F811
    user = User.objects.create_user("13800000011", PASSWORD, name="王芳", role=Role.VOLUNTEER)
    user.compounds.add(world.compound)
    page = phone(browser, live_server.url)
    log_in(page, "13800000011")
    yield page
    page.context.close()


def test_an_item_goes_from_the_gate_to_the_door_and_the_household_sees_it(
    gate_phone,
    browser,  # noqa: F811
    live_server,
    world,
):
    page = gate_phone
    page.goto(page.base + "/gate/")
    page.check("input[value=meal]")
    page.fill("textarea[name=label_text]", "给爸爸买的包子，送到1栋1单元101")
    page.click("button.submit")
    page.wait_for_selector(".notice.success")
    item = Item.objects.get()
    assert item.household == world.h101
    assert item.code in page.inner_text(".notice.success")
    assert page.locator("textarea[name=label_text]").input_value() == ""  # ready for the next
    shot(page, "gate-logged")

    page.fill("textarea[name=label_text]", "帮忙送到王牌路37号邮电宿舍")
    page.click("button.submit")
    page.wait_for_selector(".notice.warning")
    shot(page, "gate-shelf")

    page.goto(page.base + "/gate/sorting/")
    page.fill("input[name=code]", item.code.lower())
    page.select_option("select[name=stage]", "grid")
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".notice.success")
    page.fill("input[name=code]", item.code)
    page.select_option("select[name=stage]", "grid")
    page.click("form.card button[type=submit]")
    page.wait_for_selector(".notice.error")  # the second scan of the same step
    shot(page, "gate-second-scan")

    leader = phone(browser, live_server.url)
    log_in(leader, "13800000004")
    leader.goto(leader.base + f"/gate/buildings/{world.b1.pk}/")
    assert "101" in leader.inner_text("main")
    shot(leader, "gate-run-sheet")
    leader.click("button[value$=':delivered']")
    leader.wait_for_selector(".notice.success")
    item.refresh_from_db()
    assert item.status == Status.DELIVERED

    household = phone(browser, live_server.url)
    household.goto(household.base + f"/h/{world.h101.access_token}/")
    assert "已送到门口" in household.inner_text("#section-deliveries")
    shot(household, "gate-household")
    leader.context.close()
    household.context.close()


def test_a_consignment_is_pasted_and_received_as_one_batch(gate_phone, world):
    page = gate_phone
    page.goto(page.base + "/gate/batches/new/")
    page.fill("textarea[name=lines]", "1栋1单元101 张三丰 2件\n2栋1单元201 李四\n不知道是谁的")
    page.click("main form button[type=submit]")
    page.wait_for_selector("table.summary")
    text = page.inner_text("table.summary")
    assert "3" in text and "1" in text
    shot(page, "gate-batch")
