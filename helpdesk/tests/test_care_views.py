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
    page = client.get(reverse("care_calls"))
    occurrence = page.context["occurrences"][0]
    assert occurrence.plan.resident == world.zhang
    client.post(reverse("care_call_result", args=[occurrence.pk]), {"result": "no_answer"})
    occurrence.refresh_from_db()
    assert occurrence.result == "no_answer"
    assert Request.objects.get().urgency == "urgent"


def test_outsiders_and_volunteers_of_other_buildings_cannot_touch_plans_or_calls(world):
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    world.client(world.building_leader).get(reverse("care_calls"))
    occurrence = CareOccurrence.objects.get()
    for persona in (world.outsider, world.volunteer):
        client = world.client(persona)
        assert client.post(reverse("care_call_result", args=[occurrence.pk]),
                           {"result": "ok"}).status_code == 404  # fmt: skip
        assert client.get(reverse("care_plan_new", args=[world.zhang.pk])).status_code == 404
        assert "张三丰" not in client.get(reverse("care_calls")).content.decode()
    occurrence.refresh_from_db()
    assert occurrence.result == "pending"
