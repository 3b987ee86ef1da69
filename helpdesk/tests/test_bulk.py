"""Bulk actions on the board: errors come back on the board; merging stays in one household."""

from django.urls import reverse

from helpdesk import actions
from helpdesk.models import Request, Status
from helpdesk.tests.helpers import submit


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


def test_a_leader_assigns_many_and_merges_duplicates(world, groups):
    items = [
        actions.submit_request(household=world.h201, category="medicine", text="药", source="link")[
            0
        ]
        for _ in range(3)
    ]
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_bulk"), {
        "action": "assign", "ids": [items[0].pk, items[1].pk], "volunteer": world.volunteer.pk,
    })  # fmt: skip
    assert response.status_code == 302
    assert Request.objects.filter(assignee=world.volunteer).count() == 2
    client.post(reverse("helpdesk_bulk"), {"action": "merge", "ids": [items[2].pk, items[1].pk]})
    items[2].refresh_from_db()
    assert (items[2].status, items[2].duplicate_of_id) == (Status.DONE, items[1].pk)
    assert (
        world.client(world.volunteer)
        .post(reverse("helpdesk_bulk"), {"action": "merge", "ids": [items[0].pk]})
        .status_code
        == 403
    )


def test_bulk_refuses_a_request_outside_the_leaders_scope_and_changes_nothing(world, groups):
    mine, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    theirs, _ = actions.submit_request(
        household=world.other_household, category="medicine", text="药", source="link"
    )
    data = {"action": "merge", "ids": [mine.pk, theirs.pk]}
    assert world.client(world.admin).post(reverse("helpdesk_bulk"), data).status_code == 404
    assert set(Request.objects.values_list("status", flat=True)) == {Status.NEW}


def test_bulk_with_ids_that_are_not_numbers_says_so(world, groups):
    response = world.client(world.admin).post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": ["²", "x"]}
    )
    assert response.status_code == 400


def test_two_needs_of_one_household_are_not_merged_and_a_merge_says_what_it_did(world, groups):
    medicine = submit(world)
    nappies = submit(world, category="mother_baby")
    client = world.client(world.admin)
    response = client.post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": [medicine.pk, nappies.pk]}
    )
    assert response.status_code == 400
    assert set(Request.objects.values_list("status", flat=True)) == {Status.NEW}
    again = submit(world)
    response = client.post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": [medicine.pk, again.pk]}, follow=True
    )
    assert f"#{medicine.pk} 继续处理" in response.content.decode()
