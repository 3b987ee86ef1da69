"""The request's page: errors come back on the page with what was typed; the phone is near."""

from django.urls import reverse

from accounts.models import AuditEntry
from helpdesk import actions
from helpdesk.models import Request, Status
from helpdesk.tests.helpers import submit


def test_a_lost_claim_shows_the_page_again_with_who_won(world, groups):
    item = submit(world)
    actions.claim_request(request=item, user=world.admin)
    response = world.client(world.volunteer).post(reverse("helpdesk_claim", args=[item.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'role="alert"' in page and "管理员" in page
    assert "<h1>#" in page  # the request's own page, not a bare text


def test_a_blank_reply_keeps_the_page_and_a_failed_close_keeps_the_typed_text(world, groups):
    item = submit(world)
    actions.claim_request(request=item, user=world.volunteer)
    client = world.client(world.volunteer)
    response = client.post(reverse("helpdesk_reply", args=[item.pk]), {"text": "  "})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    response = client.post(
        reverse("helpdesk_close", args=[item.pk]), {"outcome": "", "reply": "药放门口了"}
    )
    assert response.status_code == 400
    assert "药放门口了" in response.content.decode()
    assert Request.objects.get().status == Status.ASSIGNED


def test_whoever_enters_a_request_can_see_it_whatever_group_it_goes_to(world, groups):
    # The volunteer is in 药品保障 only; food goes to 物资保障.
    client = world.client(world.volunteer)
    response = client.post(
        reverse("helpdesk_new") + f"?household={world.h201.pk}",
        {"category": "food", "urgency": "normal", "text": "老人要一袋米"},
    )
    item = Request.objects.get()
    assert item.group.name == "物资保障"
    assert response.url == reverse("helpdesk_detail", args=[item.pk])
    assert client.get(response.url).status_code == 200
    actions.reply_to_request(request=item, user=world.admin, text="明早送到")
    assert "明早送到" in client.get(response.url).content.decode()


def test_the_holder_and_leaders_get_the_phone_from_the_request_and_it_is_logged(world, groups):
    item = submit(world, category="medical", urgency="life")
    actions.claim_request(request=item, user=world.volunteer)
    url = reverse("helpdesk_contact", args=[item.pk])
    for persona in (world.volunteer, world.group_leader, world.admin):
        page = world.client(persona).get(reverse("helpdesk_detail", args=[item.pk]))
        assert url in page.content.decode()
        response = world.client(persona).post(url)
        assert response.status_code == 200
        assert 'href="tel:13912340000"' in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", object_id=str(world.h201.pk)).count() == 3
    assert (
        'href="tel:120"'
        in world.client(world.volunteer)
        .get(reverse("helpdesk_detail", args=[item.pk]))
        .content.decode()
    )


def test_a_volunteer_not_holding_the_request_gets_no_phone(world, groups):
    item = submit(world)
    actions.claim_request(request=item, user=world.admin)
    client = world.client(world.volunteer)
    page = client.get(reverse("helpdesk_detail", args=[item.pk])).content.decode()
    assert reverse("helpdesk_contact", args=[item.pk]) not in page
    assert client.post(reverse("helpdesk_contact", args=[item.pk])).status_code == 403


def test_the_log_names_the_household_in_the_page_language(world, groups):
    item = submit(world)
    page = world.client(world.admin).get(reverse("helpdesk_detail", args=[item.pk]))
    assert "住户 household" not in page.content.decode()
    actions.claim_request(request=item, user=world.volunteer)
    assert (
        "已认领 → 已认领"
        not in world.client(world.admin)
        .get(reverse("helpdesk_detail", args=[item.pk]))
        .content.decode()
    )
