"""Claiming a request from its page."""

from django.urls import reverse

from helpdesk import actions


def test_a_second_claim_through_the_page_is_a_409(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    world.client(world.admin).post(reverse("helpdesk_claim", args=[item.pk]))
    response = world.client(world.volunteer).post(reverse("helpdesk_claim", args=[item.pk]))
    assert response.status_code == 409
    assert "认领" in response.content.decode()
