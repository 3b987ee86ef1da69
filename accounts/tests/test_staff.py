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


def test_an_admin_cannot_see_or_edit_a_superuser_even_with_a_scope_in_the_compound(world):
    boss = User.objects.create_superuser("13700000000", "boss-password-1", name="超级")
    boss.compounds.set([world.compound])
    client = world.client(world.admin)
    assert "超级" not in client.get(reverse("staff_list")).content.decode()
    url = reverse("staff_edit", args=[boss.pk])
    assert client.get(url).status_code == 404
    data = form(world, phone="13700000000", name="超级", password="taken-over-2022")
    assert client.post(url, data).status_code == 404
    boss.refresh_from_db()
    assert boss.check_password("boss-password-1")


def test_an_admin_cannot_edit_someone_who_also_serves_another_compound(world):
    both = User.objects.create_user("13700000001", "x-password-1", name="两边", role="volunteer")
    both.buildings.set([world.b1, world.other_building])
    client = world.client(world.admin)
    assert "两边" not in client.get(reverse("staff_list")).content.decode()
    assert client.get(reverse("staff_edit", args=[both.pk])).status_code == 404


def test_the_staff_page_finds_a_person_by_name_or_phone(world):
    client = world.client(world.admin)
    page = client.get(reverse("staff_list"), {"q": "楼长"}).content.decode()
    assert "楼长" in page and "网格长" not in page
    page = client.get(reverse("staff_list"), {"q": "0005"}).content.decode()
    assert "志愿者" in page and "楼长</a>" not in page


def test_a_new_person_is_a_volunteer_unless_chosen_and_buildings_count_in_order(world):
    from registry.models import Building

    for number in ("10", "11", "4"):
        Building.objects.create(compound=world.compound, number=number, floors=6)
    form_ = world.client(world.admin).get(reverse("staff_add")).context["form"]
    assert form_["role"].value() == "volunteer"
    labels = [label for _, label in form_.fields["buildings"].choices]
    assert labels == ["1栋", "2栋", "3栋", "4栋", "10栋", "11栋"]
