"""The plan page: add areas; every bad input is a 400 with the reason, or a refusal."""

from django.urls import reverse

from sanitation.models import Area, AreaKind
from sanitation.tests.conftest import planned


def add(client, **data):
    fields = {"kind": "stairwell", "building": "", "name": "", "times_per_day": "5"}
    fields.update({k: str(v) for k, v in data.items()})
    return client.post(reverse("sanitation_plan"), fields, follow=True)


def test_an_admin_adds_the_gate_and_a_stairwell(world):
    client = world.client(world.admin)
    response = add(client, kind="gate", name="东门", times_per_day=6)
    assert "东门已加入计划，每天 6 次" in response.content.decode()
    add(client, building=world.b3.pk)
    assert {a.label for a in Area.objects.all()} == {"东门", "3栋 楼道"}


def test_the_plan_lists_areas_with_the_overdue_ones_marked(world, stairwell, gate):
    body = world.client(world.admin).get(reverse("sanitation_plan")).content.decode()
    assert "1栋 楼道" in body and "东门" in body and "已超时" in body


def test_zero_times_per_day_is_refused(world):
    response = add(world.client(world.admin), building=world.b1.pk, times_per_day=0)
    assert response.status_code == 400
    assert "每天至少一次" in response.content.decode()
    assert not Area.objects.exists()


def test_a_blank_name_for_another_area_is_refused(world):
    response = add(world.client(world.admin), kind="other", name=" ")
    assert response.status_code == 400
    assert "请写上点位名称" in response.content.decode()
    assert not Area.objects.exists()


def test_a_blank_kind_is_refused(world):
    response = add(world.client(world.admin), kind="")
    assert response.status_code == 400
    assert "请选择点位类型" in response.content.decode()


def test_an_unknown_building_is_refused(world):
    response = add(world.client(world.admin), building="99999999")
    assert response.status_code == 400
    assert "阳光小区没有这栋楼" in response.content.decode()
    assert not Area.objects.exists()


def test_another_compounds_building_is_refused(world):
    response = add(world.client(world.admin), building=world.other_building.pk)
    assert response.status_code == 400
    assert "阳光小区没有这栋楼" in response.content.decode()
    assert not Area.objects.exists()


def test_a_stairwell_of_the_whole_compound_is_refused(world):
    response = add(world.client(world.admin))
    assert response.status_code == 400
    assert "楼道和电梯属于某栋楼" in response.content.decode()


def test_a_building_leader_adds_their_stairwell_but_not_the_gate(world):
    client = world.client(world.building_leader)
    assert add(client, building=world.b1.pk).status_code == 200
    response = add(client, kind="gate", name="东门")
    assert response.status_code == 403
    assert add(client, building=world.b2.pk).status_code == 403
    assert Area.objects.count() == 1


def test_a_building_leader_sees_only_their_buildings_in_the_plan(world, stairwell):
    planned(world, kind=AreaKind.GATE, building=None, name="东门")
    response = world.client(world.building_leader).get(reverse("sanitation_plan"))
    assert [row["area"] for row in response.context["areas"]] == [stairwell]
    assert "全小区" not in response.content.decode()


def test_a_volunteer_does_not_plan(world):
    assert world.client(world.volunteer).get(reverse("sanitation_plan")).status_code == 403
    assert add(world.client(world.volunteer), building=world.b2.pk).status_code == 403


def test_the_outsider_gets_no_plan_of_this_compound(world):
    response = world.client(world.outsider).get(
        reverse("sanitation_plan") + f"?compound={world.compound.pk}"
    )
    assert response.status_code == 404
