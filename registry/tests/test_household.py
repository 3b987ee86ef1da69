from django.urls import reverse

from accounts.models import AuditEntry


def test_personal_data_is_masked_by_default(world):
    response = world.client(world.building_leader).get(reverse("household", args=[world.h101.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "张三丰" in body
    assert "138****5678" in body
    assert "13812345678" not in body
    assert world.zhang.id_number not in body
    assert "4308**1950********" in body


def test_a_building_leader_may_reveal_and_the_reveal_is_logged(world):
    client = world.client(world.building_leader)
    response = client.post(
        reverse("resident_reveal", args=[world.zhang.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "13812345678" in body
    assert world.zhang.id_number in body
    entry = AuditEntry.objects.get(action="reveal")
    assert entry.user == world.building_leader
    assert entry.object_id == str(world.zhang.pk)


def test_a_reveal_without_javascript_shows_the_whole_page(world):
    response = world.client(world.building_leader).post(
        reverse("household_reveal", args=[world.h101.pk])
    )
    assert response.status_code == 200
    assert "13812345678" in response.content.decode()
    assert "<html" in response.content.decode()


def test_a_volunteer_may_not_reveal(world):
    client = world.client(world.volunteer)
    response = client.post(reverse("resident_reveal", args=[world.h201.residents.get().pk]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_it_refuses_a_household_outside_the_scope(world):
    for persona in (world.volunteer, world.outsider):
        response = world.client(persona).get(reverse("household", args=[world.h101.pk]))
        assert response.status_code == 404
        assert "张三丰" not in response.content.decode()


def test_reveal_outside_the_scope_is_refused(world):
    response = world.client(world.outsider).post(reverse("resident_reveal", args=[world.zhang.pk]))
    assert response.status_code == 404


def test_a_bad_lockdown_form_is_the_page_in_chinese_with_a_way_back(world):
    from django.urls import reverse

    url = reverse("lockdown_set", args=["building", world.b1.pk])
    back = reverse("building", args=[world.b1.pk])
    response = world.client(world.building_leader).post(
        url, {"level": "nonsense"}, HTTP_REFERER=f"http://testserver{back}"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and f'href="http://testserver{back}"' in page
    assert "<!doctype html>" in page
