"""A community admin manages the working groups: name, kinds of need, leader, members."""

from django.urls import reverse

from accounts.models import AuditEntry
from helpdesk import actions
from volunteers.models import WorkingGroup


def test_an_admin_creates_a_group_and_requests_route_to_it(world):
    client = world.client(world.admin)
    page = client.get(reverse("group_add", args=[world.compound.pk])).content.decode()
    assert "药品" in page and f"志愿者 · 志愿者 · {world.b2}" in page
    response = client.post(reverse("group_add", args=[world.compound.pk]), {
        "name": "药品保障", "categories": ["medicine"], "leader": world.group_leader.pk,
        "members": [world.volunteer.pk],
    })  # fmt: skip
    assert response.status_code == 302
    group = WorkingGroup.objects.get()
    assert (group.compound, group.categories, group.leader) == (
        world.compound, ["medicine"], world.group_leader,
    )  # fmt: skip
    assert list(group.members.all()) == [world.volunteer]
    assert AuditEntry.objects.filter(object_type="volunteers.workinggroup").count() == 1
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="要药", source="link"
    )
    assert item.group == group
    listing = client.get(reverse("group_list")).content.decode()
    assert "药品保障" in listing and "1 名成员" in listing


def test_an_admin_changes_members_and_a_duplicate_name_is_refused(world):
    group = WorkingGroup.objects.create(compound=world.compound, name="物资保障")
    WorkingGroup.objects.create(compound=world.compound, name="联络")
    client = world.client(world.admin)
    url = reverse("group_edit", args=[group.pk])
    response = client.post(url, {"name": "联络", "categories": ["food"]})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    client.post(url, {"name": "物资保障", "categories": ["food"], "members": [world.volunteer.pk]})
    group.refresh_from_db()
    assert group.categories == ["food"] and list(group.members.all()) == [world.volunteer]


def test_only_admins_manage_groups_and_only_their_compounds(world):
    group = WorkingGroup.objects.create(compound=world.compound, name="物资保障")
    for persona in (world.volunteer, world.group_leader, world.building_leader):
        assert world.client(persona).get(reverse("group_list")).status_code == 403
    outsider = world.client(world.outsider)
    assert outsider.get(reverse("group_edit", args=[group.pk])).status_code == 404
    assert outsider.get(reverse("group_add", args=[world.compound.pk])).status_code == 404
    assert "物资保障" not in outsider.get(reverse("group_list")).content.decode()


def test_members_can_only_be_people_of_the_compound(world):
    client = world.client(world.admin)
    response = client.post(reverse("group_add", args=[world.compound.pk]), {
        "name": "联络", "categories": ["inquiry"], "members": [world.outsider.pk],
    })  # fmt: skip
    assert response.status_code == 400
    assert not WorkingGroup.objects.exists()
