from datetime import date

from django.urls import reverse

from accounts.models import AuditEntry
from registry.models import Resident
from registry.tests.rosters import GOOD_ID


def test_adding_a_resident_derives_sex_and_birth_date_from_the_id(world):
    url = reverse("resident_add", args=[world.h101.pk])
    response = world.client(world.building_leader).post(
        url,
        {"name": "张 小 花", "id_number": GOOD_ID, "tags": ["pregnant"], "other_tags": "行动不便",
         "due_date": "2022-12-01", "phone": ""},
    )  # fmt: skip
    assert response.status_code == 302
    resident = Resident.objects.get(name="张 小 花")
    assert resident.birth_date == date(1980, 1, 1)
    assert resident.sex == "M"
    assert resident.tags == ["pregnant", "行动不便"]
    assert resident.vulnerable
    entry = AuditEntry.objects.get(object_type="registry.resident", action="create")
    assert entry.user == world.building_leader
    # The audit names the fields, never the personal data.
    assert GOOD_ID not in str(entry.detail)


def test_an_invalid_id_is_refused_with_a_reason(world):
    url = reverse("resident_edit", args=[world.h101.pk, world.zhang.pk])
    response = world.client(world.building_leader).post(
        url, {"name": "张三丰", "id_number": "110105194912310021"}
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode() or "校验" in response.content.decode()
    world.zhang.refresh_from_db()
    assert world.zhang.id_number != ""


def test_an_outsider_cannot_add_residents(world):
    url = reverse("resident_add", args=[world.h101.pk])
    response = world.client(world.outsider).post(url, {"name": "入侵者"})
    assert response.status_code == 404
    assert not Resident.objects.filter(name="入侵者").exists()
