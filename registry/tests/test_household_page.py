from django.urls import reverse

from registry.models import ContactCorrection


def page(world):
    return reverse("household_page", args=[world.h101.access_token])


def test_the_household_sees_what_the_community_knows(world):
    response = world.client(None).get(page(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "1栋1单元101" in body
    assert "张三丰" in body
    assert "138****5678" in body
    # Nothing of other households.
    assert "李四" not in body


def test_a_correction_goes_to_the_building_leader(world):
    response = world.client(None).post(
        page(world), {"contact_phone": "139 0000 2222", "proxy_name": "张小明", "note": "儿子代接"}
    )
    assert response.status_code == 302
    correction = ContactCorrection.objects.get()
    assert correction.contact_phone == "13900002222"
    assert correction.status == "pending"
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13812345678"  # not applied until confirmed

    leader = world.client(world.building_leader)
    assert "张小明" in leader.get(reverse("corrections")).content.decode()
    response = leader.post(
        reverse("correction_decide", args=[correction.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 302
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13900002222"
    assert world.h101.proxy_name == "张小明"
    assert world.h101.contact_verified


def test_a_rejected_correction_changes_nothing(world):
    world.client(None).post(page(world), {"contact_phone": "13900002222"})
    correction = ContactCorrection.objects.get()
    world.client(world.building_leader).post(
        reverse("correction_decide", args=[correction.pk]), {"decision": "reject"}
    )
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13812345678"
    correction.refresh_from_db()
    assert correction.status == "rejected"


def test_a_bad_phone_is_refused_with_a_message(world):
    response = world.client(None).post(page(world), {"contact_phone": "123"})
    assert response.status_code == 400
    assert not ContactCorrection.objects.exists()


def test_an_empty_correction_is_refused(world):
    response = world.client(None).post(page(world), {})
    assert response.status_code == 400
    assert not ContactCorrection.objects.exists()


def test_a_leader_of_another_building_cannot_decide(world):
    world.client(None).post(page(world), {"contact_phone": "13900002222"})
    correction = ContactCorrection.objects.get()
    for persona in (world.volunteer, world.outsider):
        world.client(persona).post(
            reverse("correction_decide", args=[correction.pk]), {"decision": "confirm"}
        )
    correction.refresh_from_db()
    assert correction.status == "pending"


def test_an_unknown_or_revoked_link_is_not_found(world):
    assert world.client(None).get("/h/not-a-real-token/").status_code == 404
    old = page(world)
    world.client(world.building_leader).post(
        reverse("household_link_change", args=[world.h101.pk]), {"action": "revoke"}
    )
    assert world.client(None).get(old).status_code == 404


def test_a_reissued_link_replaces_the_old_one(world):
    old = page(world)
    world.client(world.building_leader).post(
        reverse("household_link_change", args=[world.h101.pk]), {"action": "issue"}
    )
    world.h101.refresh_from_db()
    assert world.client(None).get(old).status_code == 404
    assert world.client(None).get(page(world)).status_code == 200


def test_the_link_page_shows_a_qr_code(world):
    response = world.client(world.building_leader).get(
        reverse("household_link", args=[world.h101.pk])
    )
    body = response.content.decode()
    assert "data:image/svg+xml" in body
    assert world.h101.access_token in body


def test_an_outsider_cannot_see_or_change_the_link(world):
    client = world.client(world.outsider)
    assert client.get(reverse("household_link", args=[world.h101.pk])).status_code == 404
    client.post(reverse("household_link_change", args=[world.h101.pk]), {"action": "revoke"})
    world.h101.refresh_from_db()
    assert world.h101.access_token
