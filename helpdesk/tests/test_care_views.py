from django.urls import reverse

from helpdesk.models import CareOccurrence, CarePlan, Request


def test_a_building_leader_sets_a_dialysis_plan(world):
    response = world.client(world.building_leader).post(
        reverse("care_plan_new", args=[world.zhang.pk]),
        {"kind": "transport", "description": "透析", "weekdays": ["0", "2", "4"], "at": "08:00",
         "starts": "2026-11-23", "lead_hours": "24"},
    )  # fmt: skip
    assert response.status_code == 302
    plan = CarePlan.objects.get()
    assert (plan.weekdays, plan.created_by) == ([0, 2, 4], world.building_leader)


def test_a_trip_without_days_is_refused(world):
    response = world.client(world.building_leader).post(
        reverse("care_plan_new", args=[world.zhang.pk]),
        {"kind": "transport", "description": "透析", "starts": "2026-11-23", "lead_hours": "24"},
    )
    assert response.status_code == 400
    assert not CarePlan.objects.exists()


def test_the_caller_logs_today_and_a_no_answer_becomes_urgent(world):
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    client = world.client(world.building_leader)
    assert client.get(reverse("care_calls")).context["unopened"] == 1
    assert not CareOccurrence.objects.exists()  # looking changes nothing
    client.post(reverse("care_calls_open"))
    page = client.get(reverse("care_calls"))
    occurrence = page.context["occurrences"][0]
    assert occurrence.plan.resident == world.zhang
    client.post(reverse("care_call_result", args=[occurrence.pk]), {"result": "no_answer"})
    occurrence.refresh_from_db()
    assert occurrence.result == "no_answer"
    assert Request.objects.get().urgency == "urgent"


def test_outsiders_and_volunteers_of_other_buildings_cannot_touch_plans_or_calls(world):
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    world.client(world.building_leader).post(reverse("care_calls_open"))
    occurrence = CareOccurrence.objects.get()
    for persona in (world.outsider, world.volunteer):
        client = world.client(persona)
        assert client.post(reverse("care_call_result", args=[occurrence.pk]),
                           {"result": "ok"}).status_code == 404  # fmt: skip
        assert client.get(reverse("care_plan_new", args=[world.zhang.pk])).status_code == 404
        assert "张三丰" not in client.get(reverse("care_calls")).content.decode()
    occurrence.refresh_from_db()
    assert occurrence.result == "pending"


def test_the_caller_gets_the_residents_and_the_proxys_number_and_it_is_logged(world):
    from accounts.models import AuditEntry

    world.h101.proxy_name, world.h101.proxy_phone = "张小明", "13600001111"
    world.h101.save()
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    client = world.client(world.building_leader)
    client.post(reverse("care_calls_open"))
    occurrence = CareOccurrence.objects.get()
    page = client.get(reverse("care_calls")).content.decode()
    assert reverse("care_call_contact", args=[occurrence.pk]) in page
    assert "13812345678" not in page
    response = client.post(reverse("care_call_contact", args=[occurrence.pk]))
    html = response.content.decode()
    assert 'href="tel:13812345678"' in html and 'href="tel:13600001111"' in html
    assert AuditEntry.objects.filter(action="reveal", object_id=str(world.zhang.pk)).exists()
    assert (
        world.client(world.outsider)
        .post(reverse("care_call_contact", args=[occurrence.pk]))
        .status_code
        == 404
    )


def test_a_call_result_that_is_not_one_shows_the_page_again(world):
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    client = world.client(world.building_leader)
    client.post(reverse("care_calls_open"))
    occurrence = CareOccurrence.objects.get()
    response = client.post(reverse("care_call_result", args=[occurrence.pk]), {"result": "x"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_the_care_plan_form_starts_today_in_the_format_a_date_field_takes(world):
    from django.utils import timezone

    page = world.client(world.building_leader).get(reverse("care_plan_new", args=[world.zhang.pk]))
    assert f'value="{timezone.localdate().isoformat()}"' in page.content.decode()


def test_a_new_care_plan_is_in_the_audit_log(world):
    from accounts.models import AuditEntry

    world.client(world.building_leader).post(
        reverse("care_plan_new", args=[world.zhang.pk]),
        {"kind": "check_in", "description": "每日问候", "starts": "2026-11-23", "lead_hours": "24"},
    )
    plan = CarePlan.objects.get()
    entry = AuditEntry.objects.get(object_type="helpdesk.careplan", object_id=str(plan.pk))
    assert entry.user == world.building_leader
