"""Photos and receipts are shown to those who may see the request, and to the household."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from helpdesk import actions
from helpdesk.models import Purchase, Request
from helpdesk.tests.helpers import help_url, png


@pytest.fixture
def with_photo(world, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("药方.png", png(), content_type="image/png")
    world.client(None).post(
        help_url(world),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": photo},
    )
    return Request.objects.get()


def test_a_staff_member_in_scope_sees_the_photo_the_page_points_to(world, with_photo):
    client = world.client(world.volunteer)
    page = client.get(reverse("helpdesk_detail", args=[with_photo.pk])).content.decode()
    url = reverse("helpdesk_photo", args=[with_photo.pk])
    assert f'src="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
    assert "private" in response["Cache-Control"]


def test_someone_out_of_scope_gets_404_for_the_photo(world, with_photo):
    url = reverse("helpdesk_photo", args=[with_photo.pk])
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(world.building_leader).get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302  # to the login page


def test_the_uploaded_file_has_no_public_address(world, with_photo):
    assert world.client(None).get(f"/media/{with_photo.photo.name}").status_code == 404
    assert world.client(world.admin).get(f"/media/{with_photo.photo.name}").status_code == 404


def test_the_household_sees_its_own_photo_and_no_other(world, with_photo):
    page = world.client(None).get(help_url(world)).content.decode()
    url = help_url(world, "help_photo", with_photo.pk)
    assert f'src="{url}"' in page
    assert world.client(None).get(url).status_code == 200
    other = reverse("help_photo", args=[world.h101.access_token, with_photo.pk])
    assert world.client(None).get(other).status_code == 404


def test_a_receipt_is_shown_like_the_photo(world, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="买药", source="link"
    )
    actions.claim_request(request=item, user=world.volunteer)
    client = world.client(world.volunteer)
    client.post(reverse("helpdesk_purchase", args=[item.pk]), {
        "description": "硝苯地平", "amount": "35.50", "paid_by": "volunteer",
        "receipt": SimpleUploadedFile("小票.png", png(), content_type="image/png"),
    })  # fmt: skip
    bought = Purchase.objects.get()
    url = reverse("helpdesk_receipt", args=[item.pk, bought.pk])
    assert url in client.get(reverse("helpdesk_detail", args=[item.pk])).content.decode()
    assert client.get(url).status_code == 200
    assert world.client(world.outsider).get(url).status_code == 404
