"""Cases: the list, one case and its status, the rule and the lockdown changes it calls for."""

from __future__ import annotations

from datetime import timedelta

from health import actions
from health.models import Case, LockdownRule, RosterEntry, Tube
from helpdesk.models import Request
from registry.models import ZoneLevel, current_lockdown


def test_cases_list_and_one_case(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    client = world.client(world.medical)
    assert "张三丰" in client.get("/health/cases/").content.decode()
    page = client.get(f"/health/cases/{case.pk}/").content.decode()
    assert f"/helpdesk/{case.request_id}/" in page
    assert world.client(world.volunteer).get(f"/health/cases/{case.pk}/").status_code == 404
    assert world.client(world.outsider).get(f"/health/cases/{case.pk}/").status_code == 404


def test_status_change_kept_with_history(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    client = world.client(world.medical)
    response = client.post(
        f"/health/cases/{case.pk}/status/", {"status": "facility", "note": "方舱"}
    )
    assert response["Location"].endswith("#status")
    assert Case.objects.get(pk=case.pk).status == "facility" and case.events.count() == 2
    page = client.post(
        f"/health/cases/{case.pk}/status/", {"status": "?"}, follow=True
    ).content.decode()
    assert 'class="notice error"' in page and case.events.count() == 2
    assert (
        world.client(world.building_leader)
        .post(f"/health/cases/{case.pk}/status/", {"status": "released"})
        .status_code
        == 403
    )


def test_rule_form_and_bad_rule(world):
    client = world.client(world.admin)
    client.post("/health/cases/rule/", {"sealed_days": "14", "home_days": "7"})
    assert LockdownRule.objects.get(compound=world.compound).sealed_days == 14
    page = client.post(
        "/health/cases/rule/", {"sealed_days": "x", "home_days": "7"}, follow=True
    ).content.decode()
    assert 'class="notice error"' in page and LockdownRule.objects.get().sealed_days == 14


def test_steps_due_are_shown_and_applied(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    Case.objects.filter(pk=case.pk).update(positive_on=case.positive_on - timedelta(days=8))
    client = world.client(world.admin)
    assert (
        "Make these changes" in client.get("/health/cases/").content.decode()
        or "执行这些变更" in client.get("/health/cases/").content.decode()
    )
    client.post("/health/cases/steps/", {"compound": world.compound.pk})
    assert current_lockdown(world.compound, world.b1, world.h101.unit).level == ZoneLevel.CONTROLLED


def test_confirmed_positive_retest_opens_a_case(world, round, point, tube):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    actions.check_in(user=world.admin, entry=entry, point=point)
    actions.report_tube(user=world.admin, tube=tube, result=Tube.Result.ABNORMAL)
    response = world.client(world.medical).post(
        f"/health/rounds/{round.pk}/entries/{entry.pk}/positive/"
    )
    case = Case.objects.get(resident=world.zhang)
    assert response["Location"] == f"/health/cases/{case.pk}/" and case.source == "tube"
    assert Request.objects.filter(household=world.h101, urgency="urgent").count() == 1


def test_a_case_is_released_with_a_reason(world):
    case = actions.open_case(resident=world.zhang, source=Case.Source.REPORTED, by=world.admin)
    client = world.client(world.medical)
    page = client.post(f"/health/cases/{case.pk}/status/", {"status": "released"}, follow=True)
    assert (
        'class="notice error"' in page.content.decode()
        and Case.objects.get(pk=case.pk).status == "positive"
    )
    client.post(f"/health/cases/{case.pk}/status/", {"status": "released", "note": "两次阴性"})
    assert Case.objects.get(pk=case.pk).status == "released"
