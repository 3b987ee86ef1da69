"""An area's page: its log, and for planners its times per day."""

from django.urls import reverse

from sanitation import actions
from sanitation.tests.conftest import planned


def test_the_log_shows_who_when_and_which_product(world, stairwell):
    actions.log_disinfection(user=world.building_leader, area=stairwell, product="84消毒液")
    body = (
        world.client(world.admin)
        .get(reverse("sanitation_area", args=[stairwell.pk]))
        .content.decode()
    )
    assert "楼长" in body and "84消毒液" in body and "每天 5 次" in body


def test_a_planner_changes_the_times_per_day(world, stairwell):
    response = world.client(world.building_leader).post(
        reverse("sanitation_area", args=[stairwell.pk]),
        {"times_per_day": "6", "active": "on", "name": ""}, follow=True,
    )  # fmt: skip
    assert "计划已保存" in response.content.decode()
    stairwell.refresh_from_db()
    assert stairwell.times_per_day == 6


def test_zero_times_per_day_is_refused_and_nothing_changes(world, stairwell):
    response = world.client(world.admin).post(
        reverse("sanitation_area", args=[stairwell.pk]), {"times_per_day": "0", "active": "on"}
    )
    assert response.status_code == 400
    assert "每天至少一次" in response.content.decode()
    stairwell.refresh_from_db()
    assert stairwell.times_per_day == 5


def test_a_volunteer_reads_their_areas_log_but_does_not_change_the_plan(world):
    area = planned(world, building="b2")
    client = world.client(world.volunteer)
    page = client.get(reverse("sanitation_area", args=[area.pk]))
    assert page.status_code == 200 and 'name="times_per_day"' not in page.content.decode()
    response = client.post(reverse("sanitation_area", args=[area.pk]), {"times_per_day": "1"})
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.times_per_day == 5


def test_another_buildings_area_is_not_found(world, stairwell):
    response = world.client(world.volunteer).get(reverse("sanitation_area", args=[stairwell.pk]))
    assert response.status_code == 404
