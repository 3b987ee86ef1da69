"""The household's phone, for those who work on the request."""

from django.urls import reverse

from accounts.models import AuditEntry
from helpdesk import actions


def test_the_phone_shows_to_the_holder_only_and_is_logged(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    url = reverse("helpdesk_contact", args=[item.pk])
    assert world.client(world.volunteer).post(url).status_code == 403
    actions.claim_request(request=item, user=world.volunteer)
    response = world.client(world.volunteer).post(url)
    assert "13912340000" in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", user=world.volunteer).count() == 1
