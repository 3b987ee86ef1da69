from django.urls import reverse

from accounts.models import AuditEntry, User


def form(world, **changes):
    data = {
        "phone": "139 1111 2222", "name": "新志愿者", "role": "volunteer",
        "buildings": [world.b3.pk], "is_active": "on", "password": "lockdown-2022-ok",
    }  # fmt: skip
    data.update(changes)
    return data


def test_an_admin_adds_a_volunteer_with_a_scope(world):
    response = world.client(world.admin).post(reverse("staff_add"), form(world))
    assert response.status_code == 302
    person = User.objects.get(phone="13911112222")
    assert list(person.visible_buildings()) == [world.b3]
    assert person.check_password("lockdown-2022-ok")
    entry = AuditEntry.objects.get(object_type="accounts.user", action="create")
    assert entry.user == world.admin
    assert "lockdown-2022-ok" not in str(entry.detail)
    # The new volunteer logs in and sees building 3 only.
    client = world.client(None)
    client.post(reverse("login"), {"username": "13911112222", "password": "lockdown-2022-ok"})
    page = client.get(reverse("compound", args=[world.compound.pk]))
    assert [f.place.number for f in page.context["buildings"]] == ["3"]


def test_a_scope_outside_the_admins_compounds_is_refused(world):
    response = world.client(world.admin).post(
        reverse("staff_add"), form(world, buildings=[world.other_building.pk])
    )
    assert response.status_code == 400
    assert not User.objects.filter(phone="13911112222").exists()


def test_a_scope_is_required_and_phones_are_unique(world):
    client = world.client(world.admin)
    assert client.post(reverse("staff_add"), form(world, buildings=[])).status_code == 400
    response = client.post(reverse("staff_add"), form(world, phone="13800000004"))
    assert response.status_code == 400
    assert User.objects.filter(phone="13800000004").count() == 1


def test_blocking_a_person_ends_their_access(world):
    url = reverse("staff_edit", args=[world.volunteer.pk])
    data = form(world, phone="13800000005", name="志愿者", buildings=[world.b2.pk], password="")
    del data["is_active"]
    assert world.client(world.admin).post(url, data).status_code == 302
    world.volunteer.refresh_from_db()
    assert not world.volunteer.is_active
    assert world.volunteer.check_password("correct horse battery")  # unchanged


def test_only_community_admins_manage_staff(world):
    for persona in (world.building_leader, world.grid_leader, world.volunteer):
        assert world.client(persona).get(reverse("staff_list")).status_code == 403
        assert world.client(persona).post(reverse("staff_add"), form(world)).status_code == 403
    assert not User.objects.filter(phone="13911112222").exists()


def test_an_admin_sees_only_the_staff_of_their_compounds(world):
    names = [p.name for p in world.client(world.admin).get(reverse("staff_list")).context["people"]]
    assert "外人" not in names
    assert {"楼长", "志愿者", "网格长"} <= set(names)
    url = reverse("staff_edit", args=[world.outsider.pk])
    assert world.client(world.admin).get(url).status_code == 404
