from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from helpdesk.care import log_check_in, missed_check_ins, occurrences, run_plans
from helpdesk.models import CareOccurrence, CarePlan, Request


def at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


MONDAY = date(2026, 11, 23)


def test_dialysis_mon_wed_fri_makes_a_transport_request_the_day_before(world):
    plan = CarePlan.objects.create(
        resident=world.zhang, kind="transport", description="透析", weekdays=[0, 2, 4],
        at=time(8), starts=MONDAY, lead_hours=24,
    )  # fmt: skip
    assert occurrences(plan, MONDAY, MONDAY + timedelta(days=6)) == [
        MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)
    ]  # fmt: skip
    assert run_plans(at(MONDAY + timedelta(days=1), 9)) == 1  # Tuesday 09:00: Wednesday's trip
    request = Request.objects.get()
    assert (request.category, request.urgency, request.source) == ("medical", "urgent", "care")
    assert "透析" in request.text and "08:00" in request.text
    assert request.due_at == at(MONDAY + timedelta(days=2), 8) - timedelta(minutes=30)
    # Running again makes nothing new.
    assert run_plans(at(MONDAY + timedelta(days=1), 9)) == 0
    assert Request.objects.count() == 1


def test_chemotherapy_on_given_dates(world):
    CarePlan.objects.create(
        resident=world.zhang, kind="transport", description="化疗",
        dates=["2026-12-03"], at=time(9), starts=MONDAY,
    )  # fmt: skip
    assert run_plans(at(date(2026, 12, 1), 9)) == 0
    assert run_plans(at(date(2026, 12, 2), 10)) == 1


def test_a_refill_every_ten_days(world):
    CarePlan.objects.create(
        resident=world.zhang, kind="refill", description="二甲双胍", every_days=10,
        starts=MONDAY, lead_hours=48,
    )  # fmt: skip
    assert run_plans(at(MONDAY, 8)) == 1
    assert run_plans(at(MONDAY + timedelta(days=8), 10)) == 1  # the 10th day is within 48 hours
    assert [r.category for r in Request.objects.all()] == ["medicine", "medicine"]


@pytest.fixture
def check_in(world):
    return CarePlan.objects.create(
        resident=world.zhang, kind="check_in", description="独居老人每日问候", starts=MONDAY
    )


def test_a_failed_check_in_call_becomes_an_urgent_request(world, check_in):
    run_plans(at(MONDAY, 8))
    occurrence = CareOccurrence.objects.get(plan=check_in, on=MONDAY)
    assert log_check_in(occurrence=occurrence, user=world.building_leader, result="ok") is None
    tuesday = MONDAY + timedelta(days=1)
    run_plans(at(tuesday, 8))
    occurrence = CareOccurrence.objects.get(plan=check_in, on=tuesday)
    request = log_check_in(
        occurrence=occurrence, user=world.building_leader, result="no_answer", note="打了三次"
    )
    assert (request.category, request.urgency) == ("medical", "urgent")
    assert "联系不上" in request.text


def test_a_call_not_made_by_midday_is_raised(world, check_in):
    run_plans(at(MONDAY, 8))
    assert missed_check_ins(at(MONDAY, 11)) == 0
    assert missed_check_ins(at(MONDAY, 13)) == 1
    assert missed_check_ins(at(MONDAY, 14)) == 0  # once
    assert "还没有人联系" in Request.objects.get().text
