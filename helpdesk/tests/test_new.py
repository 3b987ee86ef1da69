"""A volunteer enters a need for a resident without a smartphone."""

from django.urls import reverse

from helpdesk.models import Request


def test_a_volunteer_enters_a_request_for_a_resident_without_a_smartphone(world, groups):
    client = world.client(world.volunteer)
    found = client.get(reverse("helpdesk_new"), {"q": "2-1-201"})
    assert [h.pk for h in found.context["matches"]] == [world.h201.pk]
    response = client.post(
        reverse("helpdesk_new"),
        {"household": world.h201.pk, "category": "food", "urgency": "normal", "text": "电话说要米"},
    )
    assert response.status_code == 302
    assert Request.objects.get().created_by == world.volunteer
