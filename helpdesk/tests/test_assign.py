"""A leader assigns a request from its page."""

from django.urls import reverse

from helpdesk import actions


def test_a_request_is_assigned_only_to_a_volunteer_of_its_building(world, groups):
    item, _ = actions.submit_request(
        household=world.h101, category="food", text="米", source="link"
    )
    client = world.client(world.admin)
    single = client.post(
        reverse("helpdesk_assign", args=[item.pk]), {"volunteer": world.volunteer.pk}
    )
    data = {"action": "assign", "ids": [item.pk], "volunteer": world.volunteer.pk}
    bulk = client.post(reverse("helpdesk_bulk"), data)
    assert (single.status_code, bulk.status_code) == (400, 400)
    item.refresh_from_db()
    assert item.assignee is None
