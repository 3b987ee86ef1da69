"""A leader corrects a request's kind or urgency: routed again, logged, and learnt from."""

from django.urls import reverse

from helpdesk.models import ParserCorrection, Request
from helpdesk.tests.helpers import submit


def test_a_leader_changes_the_kind_and_the_request_goes_to_that_group(world, groups):
    item = submit(world, category="food")
    response = world.client(world.admin).post(
        reverse("helpdesk_triage", args=[item.pk]), {"category": "medicine", "urgency": "urgent"}
    )
    assert response.status_code == 302
    item = Request.objects.get()
    assert (item.category, item.urgency, item.group.name) == ("medicine", "urgent", "药品保障")
    assert item.events.filter(kind="triaged").exists()
    assert ParserCorrection.objects.filter(category="medicine", by=world.admin).exists()


def test_a_volunteer_cannot_change_the_kind(world, groups):
    item = submit(world)
    response = world.client(world.volunteer).post(
        reverse("helpdesk_triage", args=[item.pk]), {"category": "food", "urgency": "low"}
    )
    assert response.status_code == 403
    assert Request.objects.get().category == "medicine"


def test_a_kind_that_is_not_one_shows_the_page_again(world, groups):
    item = submit(world)
    response = world.client(world.admin).post(
        reverse("helpdesk_triage", args=[item.pk]), {"category": "x", "urgency": "low"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
