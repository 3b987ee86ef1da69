"""A building's page: its areas, garbage door pick-up, and the lift after each ride."""

from django.urls import reverse

from sanitation import actions
from sanitation.models import DisinfectionRound, GarbageRound


def page(world, user, building=None):
    return world.client(user).get(reverse("sanitation_building", args=[(building or world.b1).pk]))


def garbage(world, user, **data):
    fields = {"bags": "10", "sealed": "on"}
    fields.update(data)
    return world.client(user).post(
        reverse("sanitation_garbage", args=[world.b1.pk]), fields, follow=True
    )


def test_the_building_shows_its_areas_and_garbage_form(world, stairwell):
    response = page(world, world.building_leader)
    body = response.content.decode()
    assert response.status_code == 200
    assert "1栋 楼道" in body and "登记垃圾收运" in body
    assert "刚乘梯的房号" not in body  # building 1 has no lift


def test_a_garbage_round_is_logged(world):
    response = garbage(world, world.building_leader, bags="12")
    done = GarbageRound.objects.get()
    assert done.bags == 12 and done.sealed and done.by == world.building_leader
    assert "已登记垃圾收运" in response.content.decode()


def test_a_negative_bag_count_is_refused_and_nothing_is_logged(world):
    response = garbage(world, world.admin, bags="-3")
    assert response.status_code == 400
    assert "袋数不能为负数" in response.content.decode()
    assert not GarbageRound.objects.exists()


def test_a_blank_bag_count_is_refused(world):
    response = garbage(world, world.admin, bags="")
    assert response.status_code == 400
    assert "请填写袋数" in response.content.decode()


def test_a_time_later_today_than_now_is_refused(world):
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.localtime() + timedelta(hours=1)
    if later.date() != timezone.localdate():
        return  # in the last hour of the day there is no later time today to type
    response = garbage(world, world.admin, at=f"{later:%H:%M}")
    assert response.status_code == 400
    assert "这个时间还没到" in response.content.decode()
    assert not GarbageRound.objects.exists()


def test_bags_are_marked_cleared_once(world):
    done = actions.log_garbage_round(user=world.admin, building=world.b1, bags=4)
    client = world.client(world.building_leader)
    first = client.post(reverse("sanitation_cleared", args=[done.pk]), follow=True)
    assert "已标记为清运" in first.content.decode()
    again = client.post(reverse("sanitation_cleared", args=[done.pk]), follow=True)
    assert "已经标记为清运" in again.content.decode()


def test_another_buildings_garbage_is_not_found(world):
    done = actions.log_garbage_round(user=world.admin, building=world.b1, bags=4)
    client = world.client(world.volunteer)
    assert client.post(reverse("sanitation_cleared", args=[done.pk])).status_code == 404
    assert (
        client.post(reverse("sanitation_garbage", args=[world.b1.pk]), {"bags": "1"}).status_code
        == 404
    )
    assert GarbageRound.objects.count() == 1


def test_the_outsider_gets_no_building_of_this_compound(world):
    assert page(world, world.outsider).status_code == 404


def test_the_lift_is_logged_by_hand_after_a_households_ride(world):
    world.b1.has_lift = True
    world.b1.save()
    client = world.client(world.building_leader)
    assert "刚乘梯的房号" in page(world, world.building_leader).content.decode()
    response = client.post(reverse("sanitation_lift", args=[world.b1.pk]), {"room": "1-101"},
                           follow=True)  # fmt: skip
    done = DisinfectionRound.objects.get()
    assert done.household == world.h101 and done.area.kind == "lift"
    assert "1栋1单元101乘梯后，电梯已消杀" in response.content.decode()


def test_an_unknown_room_is_refused_with_the_reason(world):
    world.b1.has_lift = True
    world.b1.save()
    response = world.client(world.admin).post(
        reverse("sanitation_lift", args=[world.b1.pk]), {"room": "909"}
    )
    assert response.status_code == 400
    assert "1栋没有 909 室" in response.content.decode()
    assert not DisinfectionRound.objects.exists()


def test_a_lift_in_a_building_without_one_is_refused(world):
    response = world.client(world.admin).post(
        reverse("sanitation_lift", args=[world.b1.pk]), {"room": "101"}
    )
    assert response.status_code == 400
    assert "1栋没有电梯" in response.content.decode()
