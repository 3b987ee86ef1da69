"""The phone page: areas by due time, overdue first, scoped to the visitor's buildings."""

from datetime import timedelta

from django.urls import reverse

from sanitation import actions
from sanitation.models import AreaKind
from sanitation.tests.conftest import planned


def test_overdue_areas_come_first_with_the_alarm(world, stairwell, gate):
    response = world.client(world.admin).get(reverse("sanitation"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 个点位消杀已超时" in body
    assert [row["area"] for row in response.context["rows"]] == [stairwell, gate]
    assert body.index("1栋 楼道") < body.index("东门")


def test_nothing_overdue_says_so(world, gate):
    body = world.client(world.admin).get(reverse("sanitation")).content.decode()
    assert "没有超时的消杀点位" in body


def test_the_product_last_used_is_filled_in(world, gate):
    actions.log_disinfection(user=world.admin, area=gate, product="84消毒液")
    body = world.client(world.admin).get(reverse("sanitation")).content.decode()
    assert 'value="84消毒液"' in body


def test_a_building_leader_sees_only_their_buildings_areas(world, stairwell, gate):
    planned(world, building="b2")
    response = world.client(world.building_leader).get(reverse("sanitation"))
    assert [row["area"] for row in response.context["rows"]] == [stairwell]
    assert [row["building"] for row in response.context["buildings"]] == [world.b1]


def test_the_grid_leader_sees_the_grids_two_buildings(world, stairwell):
    planned(world, building="b2")
    planned(world, building="b3")
    response = world.client(world.grid_leader).get(reverse("sanitation"))
    assert {row["area"].building for row in response.context["rows"]} == {world.b1, world.b2}


def test_the_outsider_is_told_this_compound_is_not_theirs(world, stairwell):
    response = world.client(world.outsider).get(
        reverse("sanitation") + f"?compound={world.compound.pk}"
    )
    assert response.status_code == 404
    assert "1栋" not in response.content.decode()


def test_a_group_buy_leader_does_not_log_rounds(world):
    from accounts.models import Role, User

    leader = User.objects.create_user("13800000077", "x", name="团长", role=Role.GROUP_BUY_LEADER)
    leader.compounds.add(world.compound)
    assert world.client(leader).get(reverse("sanitation")).status_code == 403


def test_todays_garbage_rounds_show_per_building(world):
    actions.log_garbage_round(user=world.admin, building=world.b2, bags=7)
    body = world.client(world.admin).get(reverse("sanitation")).content.decode()
    assert "7 袋" in body and "还没收运" in body


def test_an_overdue_lift_shows_how_late(world):
    planned(world, kind=AreaKind.GATE, building=None, name="北门", times=14,
            last=timedelta(days=2))  # fmt: skip
    body = world.client(world.admin).get(reverse("sanitation")).content.decode()
    assert "已超时，应在" in body
