"""A test round and the day's antigen reports on phones, at 390×844.

The office opens a round of pooled tubes of two; the sampler scans a tube, a resident's code and
a room; the full tube closes itself, a tube scanned twice is refused; the building leader reads
the missed list; the tube comes back abnormal, its residents come first for retest and their
units are sealed. Households report antigen results from their links, one positive, and the
office sees completeness and the reminder for those who have not reported.
"""

from __future__ import annotations

import pytest

from health.lookup import resident_code
from health.models import Case, RosterEntry, TestRound
from registry.models import Resident, ZoneLevel, current_lockdown
from tests.test_browser import browser, log_in, page, phone, shot  # noqa: F401  (the fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_round_from_roster_to_abnormal_tube_on_a_phone(page, world):  # noqa: F811
    log_in(page, "13800000001")
    page.goto(page.base + "/health/rounds/new/")
    page.fill("#name", "4月18日 核酸")
    page.fill("#tube_size", "2")
    page.fill("#points", "东门")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".stats")
    assert "本轮已开始：名单上有 3 人" in page.inner_text("main")
    shot(page, "health-round-open")
    round = TestRound.objects.get()

    page.click("a.button:has-text('东门')")
    page.fill("input[name=code]", "t-0001")
    page.click("#tube button")
    page.wait_for_selector("text=试管 T-0001 已开")
    page.fill("#q", resident_code(world.zhang.pk))  # what the scanner types
    page.press("#q", "Enter")
    page.wait_for_selector("text=张三丰（1栋1单元101）已登记")
    shot(page, "health-checked-in-by-code")
    page.fill("#q", "201")
    page.press("#q", "Enter")
    page.click(".stop-item:has-text('李四') button")
    page.wait_for_selector("text=试管已满并封管")
    shot(page, "health-tube-full")
    page.fill("input[name=code]", "T-0001")
    page.click("#tube button")
    page.wait_for_selector("#tube .notice.error")
    assert "扫过：请换一支新管" in page.inner_text("#tube")
    page.fill("#q", resident_code(world.zhang.pk))
    page.press("#q", "Enter")
    page.wait_for_selector("#scan .notice.error")
    assert "已于" in page.inner_text("#scan")  # checked in already, and when
    shot(page, "health-twice")

    leader = phone(page.context.browser, page.base)
    log_in(leader, "13800000003")  # the grid leader of buildings 1 and 2
    leader.goto(leader.base + f"/health/rounds/{round.pk}/missed/")
    assert "王五" not in leader.inner_text("main")  # building 3 is not theirs
    assert "没有漏检" in leader.inner_text("main")
    shot(leader, "health-missed-grid")
    leader.context.close()

    page.goto(page.base + f"/health/rounds/{round.pk}/missed/")
    assert "王五" in page.inner_text("main")
    shot(page, "health-missed")
    page.goto(page.base + f"/health/rounds/{round.pk}/tubes/")
    page.click(".card:has-text('T-0001') summary")  # abnormal is said twice: it seals units
    page.click(".card:has-text('T-0001') button.danger")
    page.wait_for_selector("#retests .card")
    retests = page.inner_text("#retests")
    assert "张三丰" in retests and "李四" in retests and "王五" not in retests
    shot(page, "health-abnormal")
    assert current_lockdown(world.compound, world.b1, world.h101.unit).level == ZoneLevel.SEALED
    assert RosterEntry.objects.filter(round=round, retest=True).count() == 2


def test_antigen_reports_from_links_and_the_reminders(page, browser, live_server, world):  # noqa: F811
    page.goto(page.base + f"/h/{world.h101.access_token}/")
    assert "今日抗原：1 人中已报 0 人" in page.inner_text("#section-antigen")
    page.click("text=上报抗原结果")
    page.check(f"input[name=r{world.zhang.pk}][value=negative]")
    page.set_input_files(
        f"#p{world.zhang.pk}", {"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}
    )
    page.click("main form button[type=submit]")
    page.wait_for_selector(".error")
    assert "不是照片" in page.inner_text("main")
    shot(page, "antigen-bad-photo")
    page.set_input_files(f"#p{world.zhang.pk}", [])
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=已上报，谢谢")
    shot(page, "antigen-sent")

    wang = Resident.objects.get(name="王五")
    other = phone(browser, live_server.url)
    other.goto(other.base + f"/h/{world.h301.access_token}/antigen/")
    other.check(f"input[name=r{wang.pk}][value=positive]")
    other.click("main form button[type=submit]")
    other.wait_for_selector(".notice.error")
    assert "紧急求助" in other.inner_text("main")
    shot(other, "antigen-positive")
    other.context.close()
    assert Case.objects.filter(resident=wang).exists()

    log_in(page, "13800000001")
    page.goto(page.base + "/health/antigen/")
    assert "1/1" in page.inner_text(f"#b{world.b1.pk}")
    shot(page, "antigen-completeness")
    page.goto(page.base + f"/health/antigen/buildings/{world.b2.pk}/")
    reminder = page.input_value("textarea")
    assert "1-201" in reminder and "李四" not in reminder
    shot(page, "antigen-reminder")
