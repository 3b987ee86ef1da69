"""The household's help page, through its link: ask, follow, confirm, reopen."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helpdesk import actions
from helpdesk.models import Request, Status
from helpdesk.tests.helpers import help_url, png


def test_a_resident_posts_and_sees_the_reply_then_confirms(world, groups):
    client = world.client(None)
    response = client.post(help_url(world), {"category": "medicine", "urgency": "normal",
                                             "text": "降压药吃完了，要硝苯地平"})  # fmt: skip
    assert response.status_code == 302
    item = Request.objects.get()
    assert (item.household, item.source, item.items) == (world.h201, "link", ["降压药", "硝苯地平"])
    volunteer = world.client(world.volunteer)
    assert f"#{item.pk}" in volunteer.get(reverse("helpdesk_pool")).content.decode()
    volunteer.post(reverse("helpdesk_claim", args=[item.pk]))
    volunteer.post(reverse("helpdesk_start", args=[item.pk]))
    volunteer.post(reverse("helpdesk_close", args=[item.pk]),
                   {"outcome": "fulfilled", "reply": "药已放门口，请查收"})  # fmt: skip
    page = client.get(help_url(world)).content.decode()
    assert "药已放门口，请查收" in page
    client.post(help_url(world, "help_confirm", item.pk))
    item.refresh_from_db()
    assert item.status == Status.DONE and item.confirmed_at


def test_a_resident_reopens_with_a_reason(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="food", text="米", source="link"
    )
    actions.close_request(request=item, user=world.admin, outcome="partly", reply="只有小袋的")
    response = world.client(None).post(
        help_url(world, "help_reopen", item.pk), {"note": "还要一袋"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_a_photo_that_is_not_an_image_gets_a_clear_error(world, groups):
    fake = SimpleUploadedFile("药方.jpg", b"this is not a picture", content_type="image/jpeg")
    response = world.client(None).post(
        help_url(world),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": fake},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Request.objects.exists()


def test_a_real_photo_is_kept(world, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("方.png", png(), content_type="image/png")
    response = world.client(None).post(
        help_url(world),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": photo},
    )
    assert response.status_code == 302
    assert Request.objects.get().photo.name.endswith(".png")


def test_a_10_mb_text_or_a_missing_category_is_refused(world, groups):
    client = world.client(None)
    big = client.post(
        help_url(world), {"category": "food", "urgency": "normal", "text": "米" * 10_000_000}
    )
    assert big.status_code in (400, 413)
    missing = client.post(help_url(world), {"urgency": "normal", "text": "米"})
    assert missing.status_code == 400
    assert not Request.objects.exists()


def test_an_unknown_household_link_is_404(world, groups):
    response = world.client(None).post("/h/nope/help/", {"category": "food", "text": "米"})
    assert response.status_code == 404
