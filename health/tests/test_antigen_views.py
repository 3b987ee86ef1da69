"""The day's completeness, the reminder text, a volunteer reporting for a household, sign-off."""

from __future__ import annotations

from datetime import date

from health import actions
from health.models import AntigenReport, SignOff
from registry.models import Resident


def test_completeness_per_building_for_the_leader(world):
    actions.report_antigen(household=world.h101, resident_id=world.zhang.pk, result="negative")
    page = world.client(world.grid_leader).get("/health/antigen/").content.decode()
    assert f'id="b{world.b1.pk}"' in page and f'id="b{world.b2.pk}"' in page
    assert f'id="b{world.b3.pk}"' not in page


def test_building_page_lists_only_households_not_reported_and_the_reminder(world):
    actions.report_antigen(household=world.h101, resident_id=world.zhang.pk, result="negative")
    page = (
        world.client(world.admin).get(f"/health/antigen/buildings/{world.b1.pk}/").content.decode()
    )
    assert f'id="h{world.h101.pk}"' not in page
    page = (
        world.client(world.admin).get(f"/health/antigen/buildings/{world.b2.pk}/").content.decode()
    )
    assert f'id="h{world.h201.pk}"' in page and "抗原提醒" in page and "李四" in page


def test_volunteer_reports_for_a_household_of_their_building(world):
    li = Resident.objects.get(name="李四")
    client = world.client(world.volunteer)
    response = client.post(
        f"/health/antigen/households/{world.h201.pk}/report/", {f"r{li.pk}": "negative"}
    )
    assert response["Location"].endswith("#reported")
    report = AntigenReport.objects.get(resident=li)
    assert report.reported_by == world.volunteer
    assert (
        client.post(
            f"/health/antigen/households/{world.h101.pk}/report/",
            {f"r{world.zhang.pk}": "negative"},
        ).status_code
        == 404
    )


def test_proxy_report_with_nothing_chosen_or_a_bad_photo_says_so(world):
    client = world.client(world.admin)
    page = client.post(
        f"/health/antigen/households/{world.h101.pk}/report/", {}, follow=True
    ).content.decode()
    assert 'class="notice error"' in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    page = client.post(
        f"/health/antigen/households/{world.h101.pk}/report/",
        {f"r{world.zhang.pk}": "negative", f"p{world.zhang.pk}": bad},
        follow=True,
    ).content.decode()
    assert 'class="notice error"' in page and not AntigenReport.objects.exists()


def test_building_leader_signs_off_once(world):
    client = world.client(world.building_leader)
    response = client.post(
        f"/health/antigen/buildings/{world.b1.pk}/sign-off/", {"day": date.today().isoformat()}
    )
    assert response["Location"].endswith(f"#b{world.b1.pk}")
    assert SignOff.objects.get(building=world.b1).expected == 1
    page = client.post(
        f"/health/antigen/buildings/{world.b1.pk}/sign-off/", follow=True
    ).content.decode()
    assert 'class="notice error"' in page and SignOff.objects.count() == 1
    assert client.post(f"/health/antigen/buildings/{world.b2.pk}/sign-off/").status_code == 404


def test_a_volunteer_may_not_sign_off(world):
    assert (
        world.client(world.volunteer)
        .post(f"/health/antigen/buildings/{world.b2.pk}/sign-off/")
        .status_code
        == 403
    )


def test_photo_is_served_only_within_scope(world):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    report, _case = actions.report_antigen(
        household=world.h101,
        resident_id=world.zhang.pk,
        result="negative",
        photo=SimpleUploadedFile("c.png", buffer.getvalue()),
    )
    assert (
        world.client(world.building_leader)
        .get(f"/health/antigen/reports/{report.pk}/photo/")
        .status_code
        == 200
    )
    assert (
        world.client(world.volunteer).get(f"/health/antigen/reports/{report.pk}/photo/").status_code
        == 404
    )
