"""The household's link: the antigen card, the day's report per person, the test codes."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from health.models import AntigenReport, Case
from helpdesk.models import Request
from registry.models import Resident


def url(world, rest=""):
    return f"/h/{world.h101.access_token}/antigen/{rest}"


def test_card_on_the_household_page_reminds_until_reported(world, client):
    page = client.get(f"/h/{world.h101.access_token}/").content.decode()
    assert 'id="section-antigen"' in page and "0" in page
    client.post(url(world), {f"r{world.zhang.pk}": "negative"})
    page = client.get(f"/h/{world.h101.access_token}/").content.decode()
    assert "✓" in page


def test_report_with_photo(world, client):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG")
    response = client.post(
        url(world),
        {
            f"r{world.zhang.pk}": "negative",
            f"p{world.zhang.pk}": SimpleUploadedFile("c.jpg", buffer.getvalue()),
        },
    )
    assert response.status_code == 302
    report = AntigenReport.objects.get(resident=world.zhang)
    assert report.reported_by is None and report.photo


def test_positive_says_what_happens_and_raises_an_urgent_request(world, client):
    page = client.post(url(world), {f"r{world.zhang.pk}": "positive"}, follow=True).content.decode()
    assert 'role="alert"' in page
    assert Case.objects.filter(resident=world.zhang).exists()
    assert Request.objects.filter(household=world.h101, urgency="urgent").exists()


def test_a_bad_photo_keeps_the_choice_and_sends_nothing(world, client):
    response = client.post(
        url(world),
        {
            f"r{world.zhang.pk}": "negative",
            f"p{world.zhang.pk}": SimpleUploadedFile("c.jpg", b"<html>"),
        },
    )
    assert response.status_code == 400 and b'role="alert"' in response.content
    assert b'value="negative" checked' in response.content
    assert not AntigenReport.objects.exists()


def test_nothing_chosen_or_someone_elses_resident(world, client):
    assert client.post(url(world), {}).status_code == 400
    li = Resident.objects.get(name="李四")
    response = client.post(url(world), {f"r{li.pk}": "positive"})
    assert response.status_code == 400 and not AntigenReport.objects.exists()


def test_codes_page_has_one_code_per_person(world, client):
    page = client.get(url(world, "codes/")).content.decode()
    assert page.count("data:image/svg+xml") == 1 and "张三丰" in page


def test_a_wrong_link_is_404(world, client):
    assert client.get("/h/not-a-real-token-at-all-0000000/antigen/").status_code == 404


def test_an_invalid_cassette_is_no_result_and_a_positive_stays(world, client):
    client.post(url(world), {f"r{world.zhang.pk}": "invalid"})
    page = client.get(f"/h/{world.h101.access_token}/").content.decode()
    assert "✓" not in page.split('id="section-antigen"')[1].split("</section>")[0]
    client.post(url(world), {f"r{world.zhang.pk}": "positive"})
    response = client.post(url(world), {f"r{world.zhang.pk}": "negative"})
    assert response.status_code == 400
    assert AntigenReport.objects.get(resident=world.zhang).result == "positive"
    page = client.get(f"/h/{world.h101.access_token}/").content.decode()
    assert "居家隔离" in page or "isolates at home" in page


def test_a_photo_without_a_result_is_said(world, client):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "JPEG")
    response = client.post(
        url(world), {f"p{world.zhang.pk}": SimpleUploadedFile("c.jpg", buffer.getvalue())}
    )
    assert response.status_code == 400 and not AntigenReport.objects.exists()


def test_the_household_sees_its_own_photo_only(world, client):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    client.post(
        url(world),
        {
            f"r{world.zhang.pk}": "negative",
            f"p{world.zhang.pk}": SimpleUploadedFile("c.png", buffer.getvalue()),
        },
    )
    report = AntigenReport.objects.get()
    assert client.get(url(world, f"photos/{report.pk}/")).status_code == 200
    other = f"/h/{world.h201.access_token}/antigen/photos/{report.pk}/"
    assert client.get(other).status_code == 404
