"""The nav tab carries the count of overdue areas in the leader's scope."""

from django.urls import reverse

from sanitation import actions
from sanitation.tests.conftest import planned


def tab(world, user):
    response = world.client(user).get(reverse("home"), follow=True)
    return response.context.get("sanitation_overdue")


def test_the_count_is_scoped_to_the_leaders_buildings(world, stairwell, gate):
    planned(world, building="b2")
    planned(world, building="b3")
    assert tab(world, world.admin) == 3
    assert tab(world, world.grid_leader) == 2
    assert tab(world, world.building_leader) == 1


def test_a_round_takes_it_off_the_count(world, stairwell):
    actions.log_disinfection(user=world.building_leader, area=stairwell)
    assert tab(world, world.building_leader) == 0


def test_the_tab_shows_the_alarm(world, stairwell):
    body = world.client(world.building_leader).get(reverse("home"), follow=True).content.decode()
    assert 'class="alarm" role="alert">消杀 ⚠ 1' in body


def test_volunteers_get_the_tab_without_the_count(world, stairwell):
    response = world.client(world.volunteer).get(reverse("home"), follow=True)
    assert response.context.get("sanitation_overdue") is None
    assert reverse("sanitation") in response.content.decode()
