"""The pool: what a volunteer may take."""

from django.urls import reverse

from helpdesk import actions


def test_a_volunteer_cannot_see_another_groups_or_buildings_requests(world, groups):
    food, _ = actions.submit_request(
        household=world.h201, category="food", text="米", source="link"
    )
    other_building, _ = actions.submit_request(
        household=world.h101, category="medicine", text="药", source="link"
    )
    mine, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    client = world.client(world.volunteer)
    pool = [r.pk for r in client.get(reverse("helpdesk_pool")).context["requests"]]
    assert pool == [mine.pk]
    for hidden in (food, other_building):
        assert client.get(reverse("helpdesk_detail", args=[hidden.pk])).status_code == 404
        assert client.post(reverse("helpdesk_claim", args=[hidden.pk])).status_code == 404
