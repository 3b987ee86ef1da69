"""Bulk actions on the board: errors come back on the board; merging stays in one household."""

from django.urls import reverse

from helpdesk.models import Request, Status
from helpdesk.tests.test_detail import submit


def test_nothing_ticked_shows_the_board_again_with_a_message(world, groups):
    response = world.client(world.admin).post(reverse("helpdesk_bulk"), {"action": "assign"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "<h1>" in page


def test_a_failed_assign_keeps_what_was_ticked(world, groups):
    item = submit(world, household=world.h101)
    response = world.client(world.admin).post(
        reverse("helpdesk_bulk"),
        {"action": "assign", "ids": [item.pk], "volunteer": world.volunteer.pk},
    )
    assert response.status_code == 400
    assert f'value="{item.pk}" aria-label="#{item.pk}" checked' in response.content.decode()
    assert Request.objects.get().assignee is None


def test_requests_of_different_households_are_not_merged(world, groups):
    first = submit(world, household=world.h301)
    other = submit(world, household=world.h201)
    response = world.client(world.admin).post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": [first.pk, other.pk]}
    )
    assert response.status_code == 400
    assert world.h201.address in response.content.decode()
    assert set(Request.objects.values_list("status", flat=True)) == {Status.NEW}


def test_requests_of_one_household_are_merged(world, groups):
    first, second = submit(world), submit(world)
    response = world.client(world.admin).post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": [first.pk, second.pk]}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.status, second.duplicate_of) == (Status.DONE, first)


def test_the_volunteer_picker_names_each_volunteers_building(world, groups):
    submit(world)
    page = world.client(world.admin).get(reverse("helpdesk_board")).content.decode()
    assert f"志愿者 · {world.b2}" in page
