"""The flows a person does on a phone, in Debian's Chromium at 390×844.

Screenshots land in var/screenshots (or $LINLI_SCREENSHOTS) so a person can look at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from conftest import PASSWORD
from registry.models import Resident
from registry.tests.rosters import messy_roster

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
SHOTS = Path(os.environ.get("LINLI_SCREENSHOTS", settings.VAR_DIR / "screenshots"))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install chromium (make test installs it)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip
        yield browser
        browser.close()


def phone(browser, base: str):
    """A new phone: its own cookies, 390×844."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = base
    return page


@pytest.fixture
def page(browser, live_server):
    page = phone(browser, live_server.url)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page, phone: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", phone)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_building_leader_logs_in_and_drills_down_to_a_household(page, world):
    page.goto(page.base + "/login/")
    shot(page, "login")
    log_in(page, "138 0000 0004")
    page.wait_for_selector("a.building")
    assert page.locator("a.building").count() == 1  # only their building
    shot(page, "compound")
    page.click("a.building")
    page.wait_for_selector("a.unit")
    shot(page, "building")
    page.click("a.unit")
    page.click("text=101")
    page.wait_for_selector(".resident")
    assert "138****5678" in page.content()
    page.click(".resident button.reveal")
    page.wait_for_selector("text=13812345678")
    shot(page, "household")


def test_the_search_box_finds_a_resident_by_pinyin_initials(page, world):
    log_in(page, "13800000001")
    page.fill("header input[type=search]", "zsf")
    page.press("header input[type=search]", "Enter")
    page.wait_for_selector("a.result")
    assert "1栋1单元101" in page.inner_text("a.result")
    page.fill("main input[name=q]", "3-2-501")
    # The results come through htmx as the volunteer types, without a page load.
    page.locator("#results a.result", has_text="3栋2单元501").wait_for()
    shot(page, "search")


def test_an_admin_imports_a_messy_roster(page, world, tmp_path):
    path = messy_roster(tmp_path / "富民花园名册.xlsx")
    log_in(page, "13800000001")
    page.goto(page.base + "/import/")
    page.fill("#id_compound", "阳光小区")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    page.wait_for_selector("#rows_read")
    assert page.inner_text("#rows_read") == "8"
    assert page.inner_text("#rows_rejected") == "2"
    shot(page, "import")
    assert Resident.objects.filter(name="张三丰").count() == 2  # the world's and the roster's


def test_a_resident_corrects_their_contact_from_the_household_link(page, world):
    page.goto(page.base + f"/h/{world.h101.access_token}/")
    assert "张三丰" in page.content()
    page.fill("#id_contact_phone", "139 0000 2222")
    page.fill("#id_note", "儿子代接电话")
    page.click("#section-contact button[type=submit]")
    page.wait_for_selector("p.notice")
    shot(page, "household-link")
    assert world.h101.corrections.get().contact_phone == "13900002222"


def test_the_whole_help_desk_loop_on_phones(page, browser, live_server, world):
    from helpdesk.models import Request
    from volunteers.models import WorkingGroup

    group = WorkingGroup.objects.create(
        compound=world.compound, name="药品保障", categories=["medicine"]
    )
    group.members.add(world.volunteer)
    # The resident asks from the household's own link.
    page.goto(page.base + f"/h/{world.h201.access_token}/")
    page.click("text=我要求助")
    page.select_option("#id_category", "medicine")
    page.fill("#id_text", "降压药吃完了，要硝苯地平两盒")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".my-request")
    assert "新提交" in page.inner_text(".my-request")
    shot(page, "help-asked")
    item = Request.objects.get()

    # The volunteer of 药品保障 in building 2 takes it, goes, and closes it with a reply.
    volunteer = phone(browser, live_server.url)
    log_in(volunteer, "13800000005")
    volunteer.goto(volunteer.base + "/helpdesk/")
    volunteer.click(f"form[action='/helpdesk/{item.pk}/claim/'] button")
    volunteer.wait_for_selector(".task")
    shot(volunteer, "help-my-tasks")
    volunteer.goto(volunteer.base + f"/helpdesk/{item.pk}/")
    volunteer.click("text=出发处理")
    volunteer.select_option("#id_outcome", "fulfilled")
    volunteer.fill("#id_reply", "药已放门口，两盒共35.5元")
    volunteer.click("form[action$='/close/'] button")
    volunteer.wait_for_selector("#status")
    assert "已办结" in volunteer.inner_text("#status")
    shot(volunteer, "help-closed")

    # The resident sees the reply and confirms receipt.
    page.reload()
    assert "药已放门口" in page.inner_text(".my-request")
    page.click("button.confirm")
    page.wait_for_selector("text=您已确认收到。")
    shot(page, "help-confirmed")
    item.refresh_from_db()
    assert item.confirmed_at is not None
    volunteer.context.close()
