from django.urls import reverse

from registry.models import ContactCorrection


def page(world):
    return reverse("household_page", args=[world.h101.access_token])


def contact(world):
    return reverse("household_contact", args=[world.h101.access_token])


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
        contact(world),
        {"contact_phone": "139 0000 2222", "proxy_name": "张小明", "note": "儿子代接"},
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
    world.client(None).post(contact(world), {"contact_phone": "13900002222"})
    correction = ContactCorrection.objects.get()
    world.client(world.building_leader).post(
        reverse("correction_decide", args=[correction.pk]), {"decision": "reject"}
    )
    world.h101.refresh_from_db()
    assert world.h101.contact_phone == "13812345678"
    correction.refresh_from_db()
    assert correction.status == "rejected"


def test_a_bad_phone_is_refused_with_a_message(world):
    response = world.client(None).post(contact(world), {"contact_phone": "123"})
    assert response.status_code == 400
    assert not ContactCorrection.objects.exists()


def test_an_empty_correction_is_refused(world):
    response = world.client(None).post(contact(world), {})
    assert response.status_code == 400
    assert not ContactCorrection.objects.exists()


def test_a_leader_of_another_building_cannot_decide(world):
    world.client(None).post(contact(world), {"contact_phone": "13900002222"})
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


def test_a_new_phone_in_a_correction_is_masked_for_every_role(world):
    from registry.models import ContactCorrection

    ContactCorrection.objects.create(household=world.h101, contact_phone="13987654321")
    for persona in (world.volunteer, world.building_leader, world.admin):
        for url in (reverse("corrections"), reverse("household", args=[world.h101.pk])):
            page = world.client(persona).get(url).content.decode()
            assert "13987654321" not in page


def test_the_edit_forms_never_show_a_phone_or_id_number(world):
    client = world.client(world.building_leader)
    page = client.get(reverse("household_edit", args=[world.h101.pk])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    page = client.get(reverse("resident_edit", args=[world.h101.pk, world.zhang.pk]))
    html = page.content.decode()
    assert "13812345678" not in html and world.zhang.id_number not in html


def test_an_empty_phone_in_the_edit_form_keeps_the_number_on_record(world):
    client = world.client(world.building_leader)
    client.post(reverse("household_edit", args=[world.h101.pk]), {
        "status": "occupied", "contact_phone": "", "proxy_phone": "", "uses_smartphone": "on",
        "notes": "改了备注",
    })  # fmt: skip
    world.h101.refresh_from_db()
    assert (world.h101.contact_phone, world.h101.notes) == ("13812345678", "改了备注")
    client.post(reverse("resident_edit", args=[world.h101.pk, world.zhang.pk]), {
        "name": "张三丰", "phone": "", "id_number": "", "relation": "户主",
    })  # fmt: skip
    world.zhang.refresh_from_db()
    assert world.zhang.phone == "13812345678" and world.zhang.id_number


def test_a_correction_decision_never_redirects_to_another_site(world):
    from registry.models import ContactCorrection

    correction = ContactCorrection.objects.create(household=world.h101, contact_phone="13987654321")
    response = world.client(world.building_leader).post(
        reverse("correction_decide", args=[correction.pk]),
        {"decision": "reject", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == reverse("corrections")


def test_the_household_link_shows_no_health_tags(world):
    page = world.client(None).get(reverse("household_page", args=[world.h101.access_token]))
    assert "糖尿病" not in page.content.decode()
