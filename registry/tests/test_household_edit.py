from django.urls import reverse

from accounts.models import AuditEntry


def form(**changes):
    data = {"status": "occupied", "contact_phone": "138 1234 5678", "uses_smartphone": "on"}
    data.update(changes)
    return data


def test_a_building_leader_updates_the_contact_and_it_is_audited(world):
    url = reverse("household_edit", args=[world.h101.pk])
    response = world.client(world.building_leader).post(
        url, form(contact_verified="on", proxy_name="张小明", proxy_phone="13900001111")
    )
    assert response.status_code == 302
    world.h101.refresh_from_db()
    assert world.h101.contact_verified
    assert world.h101.proxy_phone == "13900001111"
    entry = AuditEntry.objects.get(object_type="registry.household", action="update")
    assert entry.user == world.building_leader
    assert "proxy_phone" in entry.detail


def test_a_bad_phone_gets_a_clear_error_and_changes_nothing(world):
    url = reverse("household_edit", args=[world.h101.pk])
    response = world.client(world.building_leader).post(url, form(contact_phone="12345"))
    assert response.status_code == 200
    assert "Not a phone number" in response.content.decode() or "电话" in response.content.decode()
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13812345678"


def test_a_volunteer_may_not_edit(world):
    url = reverse("household_edit", args=[world.h201.pk])
    assert world.client(world.volunteer).post(url, form()).status_code == 403


def test_an_outsider_may_not_edit(world):
    url = reverse("household_edit", args=[world.h101.pk])
    assert world.client(world.outsider).post(url, form()).status_code == 404
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13812345678"
