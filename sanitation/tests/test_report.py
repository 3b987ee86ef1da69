"""The household's card: report garbage or a dirty area; read that it was done."""

from django.urls import reverse

from helpdesk.models import Request
from sanitation import actions
from sanitation.models import OverflowReport
from sanitation.tests.conftest import planned


def household_page(world, household=None):
    token = (household or world.h101).access_token
    return world.client(None).get(reverse("household_page", args=[token])).content.decode()


def report(world, household=None, **data):
    token = (household or world.h101).access_token
    return world.client(None).post(reverse("sanitation_report", args=[token]), data, follow=True)


def test_the_card_offers_the_buildings_areas_and_the_compounds(world, stairwell, gate):
    planned(world, building="b2")
    body = household_page(world)
    assert "1栋的垃圾满了" in body
    section = body.split('id="section-sanitation"')[1]
    assert "1栋 楼道" in section and "东门" in section and "2栋" not in section


def test_overflowing_garbage_is_reported_and_answered_by_the_round(world):
    response = report(world, kind="garbage")
    body = response.content.decode()
    sent = OverflowReport.objects.get()
    assert sent.request.category == "sanitation"
    assert f"消杀组已收到您的反映（求助 #{sent.request_id}）" in body
    actions.log_garbage_round(user=world.building_leader, building=world.b1, bags=5)
    body = household_page(world)
    assert "✓ 已完成" in body
    help_page = world.client(None).get(reverse("help_page", args=[world.h101.access_token]))
    assert "垃圾已于" in help_page.content.decode()


def test_a_second_tap_makes_no_second_request(world):
    report(world, kind="garbage")
    body = report(world, kind="garbage").content.decode()
    assert "您已经反映过了" in body
    assert Request.objects.count() == 1


def test_a_dirty_area_without_a_place_is_refused(world, stairwell):
    body = report(world, kind="dirty", area="").content.decode()
    assert "请选择需要消杀的地方" in body
    assert not Request.objects.exists()


def test_an_area_of_another_compound_is_refused(world):
    from sanitation.models import Area

    theirs = Area.objects.create(
        compound=world.other_compound, building=world.other_building, kind="stairwell",
        times_per_day=2,
    )  # fmt: skip
    body = report(world, kind="dirty", area=str(theirs.pk)).content.decode()
    assert "不在本小区的消杀计划里" in body
    body = report(world, kind="dirty", area="99999999").content.decode()
    assert "不在本小区的消杀计划里" in body
    assert not Request.objects.exists()


def test_a_wrong_link_is_not_found(world):
    response = world.client(None).post(
        reverse("sanitation_report", args=["not-a-token"]), {"kind": "garbage"}
    )
    assert response.status_code == 404
    assert not Request.objects.exists()


def test_the_help_desk_request_links_to_the_building_for_staff(world):
    report(world, kind="garbage")
    sent = OverflowReport.objects.get()
    body = (
        world.client(world.admin)
        .get(reverse("helpdesk_detail", args=[sent.request_id]))
        .content.decode()
    )
    assert reverse("sanitation_building", args=[world.b1.pk]) in body
