"""One tap logs a round: bad taps change nothing and say why."""

from django.urls import reverse

from sanitation.models import DisinfectionRound
from sanitation.tests.conftest import planned


def test_one_tap_logs_the_round_and_clears_the_flag(world, stairwell):
    client = world.client(world.building_leader)
    response = client.post(
        reverse("sanitation_log"), {"area": stairwell.pk, "product": "84消毒液"}, follow=True
    )
    done = DisinfectionRound.objects.get()
    assert done.area == stairwell and done.by == world.building_leader
    body = response.content.decode()
    assert "1栋 楼道：" in body and "已消杀 · 84消毒液" in body
    assert "没有超时的消杀点位" in body
    assert response.redirect_chain[-1][0].endswith("#log")


def test_a_tap_without_an_area_is_refused_with_a_message(world, stairwell):
    response = world.client(world.admin).post(reverse("sanitation_log"), {"area": ""}, follow=True)
    assert "请点一下您消杀的点位" in response.content.decode()
    assert not DisinfectionRound.objects.exists()


def test_an_unknown_area_is_not_found(world):
    response = world.client(world.admin).post(reverse("sanitation_log"), {"area": "99999999"})
    assert response.status_code == 404


def test_another_buildings_area_is_not_found_for_a_building_leader(world):
    other = planned(world, building="b2")
    response = world.client(world.building_leader).post(
        reverse("sanitation_log"), {"area": other.pk}
    )
    assert response.status_code == 404
    assert not DisinfectionRound.objects.exists()


def test_an_area_out_of_the_plan_says_so(world, stairwell):
    stairwell.active = False
    stairwell.save()
    response = world.client(world.admin).post(
        reverse("sanitation_log"), {"area": stairwell.pk}, follow=True
    )
    assert "已不在消杀计划中" in response.content.decode()
    assert not DisinfectionRound.objects.exists()


def test_the_log_returns_to_the_page_it_came_from(world, stairwell):
    page = reverse("sanitation_building", args=[world.b1.pk])
    response = world.client(world.admin).post(
        reverse("sanitation_log"), {"area": stairwell.pk, "next": page}
    )
    assert response.url == page + "#log"
    elsewhere = world.client(world.admin).post(
        reverse("sanitation_log"), {"area": stairwell.pk, "next": "https://evil.example/"}
    )
    assert elsewhere.url.startswith(reverse("sanitation"))


def test_a_get_is_not_a_round(world, stairwell):
    assert world.client(world.admin).get(reverse("sanitation_log")).status_code == 405
