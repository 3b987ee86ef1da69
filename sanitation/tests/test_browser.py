"""Sanitation on phones: a round logged in one tap clears the overdue flag; a resident's
garbage report is answered by the garbage round."""

from __future__ import annotations

import pytest

from sanitation.models import DisinfectionRound, OverflowReport
from sanitation.tests.conftest import planned
from tests.test_browser import browser, log_in, phone, shot  # noqa: F401  (the browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def leader(browser, live_server, world):  # noqa: F811
    page = phone(browser, live_server.url)
    log_in(page, "13800000004")  # the building leader of building 1
    page.wait_for_selector("nav.tabs")
    yield page
    page.context.close()


def test_a_round_tapped_on_a_phone_clears_the_overdue_flag(leader, world):
    stairwell = planned(world)  # never done: overdue
    planned(world, building="b2")  # another building's: not the leader's to see
    page = leader
    page.goto(page.base + "/sanitation/")
    assert "1 个点位消杀已超时" in page.inner_text(".overdue-alarm")
    assert "消杀 ⚠ 1" in page.inner_text("nav.tabs")
    assert page.locator("button.area-tap").count() == 1
    shot(page, "sanitation-overdue")
    page.fill("#product", "84消毒液 1:100")
    page.click("button.area-tap.overdue")
    page.wait_for_selector("#log .notice")
    assert "已消杀 · 84消毒液 1:100" in page.inner_text("#log .notice")
    assert "没有超时的消杀点位" in page.inner_text(".overdue-alarm")
    assert page.locator("button.area-tap.overdue").count() == 0
    assert "⚠" not in page.inner_text("nav.tabs")
    assert page.locator("#product").input_value() == "84消毒液 1:100"  # kept for the next
    shot(page, "sanitation-logged")
    assert DisinfectionRound.objects.get().area == stairwell


def test_a_residents_garbage_report_is_answered_by_the_round(leader, browser, live_server, world):  # noqa: F811
    household = phone(browser, live_server.url)
    household.goto(household.base + f"/h/{world.h101.access_token}/#section-sanitation")
    household.click("#section-sanitation button:has-text('垃圾满了')")
    household.wait_for_selector("#section-sanitation .notice")
    assert "消杀组已收到您的反映" in household.inner_text("#section-sanitation")
    shot(household, "sanitation-household-report")
    page = leader
    page.goto(page.base + f"/sanitation/buildings/{world.b1.pk}/")
    assert "垃圾满溢" in page.inner_text("#reports")
    page.fill("#id_bags", "14")
    page.click("#garbage button:has-text('登记垃圾收运')")
    page.wait_for_selector("#garbage .notice")
    shot(page, "sanitation-building")
    assert OverflowReport.objects.get().resolved_at is not None
    household.reload()
    assert "已完成" in household.inner_text("#section-sanitation")
    shot(household, "sanitation-household-answered")
    household.context.close()
