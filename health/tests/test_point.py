"""The sampling point: scan a tube, scan or find a resident, check in, the errors said."""

from __future__ import annotations

import pytest

from health.lookup import resident_code
from health.models import RosterEntry, Tube
from registry.models import Resident


@pytest.fixture
def url(round, point):
    return f"/health/rounds/{round.pk}/points/{point.pk}/"


def test_scanning_a_resident_code_checks_in_at_once(world, round, url, tube):
    client = world.client(world.admin)
    response = client.post(url + "scan/", {"q": resident_code(world.zhang.pk)})
    assert response["Location"].endswith("#scan")
    assert RosterEntry.objects.get(round=round, resident=world.zhang).state == "tested"
    page = client.get(response["Location"]).content.decode()
    assert "张三丰" in page and "T0001" in page


def test_the_same_code_twice_says_when_it_was_checked_in(world, round, url, tube):
    client = world.client(world.admin)
    client.post(url + "scan/", {"q": resident_code(world.zhang.pk)})
    page = client.post(
        url + "scan/", {"q": resident_code(world.zhang.pk)}, follow=True
    ).content.decode()
    assert 'class="notice error"' in page and "T0001" in page
    assert Tube.objects.get(pk=tube.pk).filled == 1


def test_a_resident_of_another_compound_is_not_found(world, url, tube):
    other = Resident.objects.get(name="赵六")
    page = (
        world.client(world.admin)
        .post(url + "scan/", {"q": resident_code(other.pk)}, follow=True)
        .content.decode()
    )
    assert 'class="notice error"' in page and "赵六" not in page
    assert Tube.objects.get(pk=tube.pk).filled == 0


def test_a_forged_code_is_only_text(world, url, tube):
    page = world.client(world.admin).post(
        url + "scan/", {"q": f"R{world.zhang.pk}:forged"}, follow=True
    )
    assert page.status_code == 200 and Tube.objects.get(pk=tube.pk).filled == 0


@pytest.mark.parametrize("typed", ["101", "1-1-101", "zsf", "张三", "5678"])
def test_find_by_room_name_initials_or_phone_tail(world, url, typed):
    page = world.client(world.admin).get(url, {"q": typed}).content.decode()
    assert ("张三丰" in page and "Check in" in page) or "登记" in page


def test_household_link_lists_its_residents(world, url):
    page = (
        world.client(world.admin)
        .get(url, {"q": f"https://x/h/{world.h101.access_token}/"})
        .content.decode()
    )
    assert "张三丰" in page


def test_nothing_found_says_so(world, url):
    page = world.client(world.admin).get(url, {"q": "nobody"}).content.decode()
    assert 'class="notice error"' in page


def test_check_in_without_a_tube_says_scan_one(world, round, url):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    page = (
        world.client(world.admin)
        .post(url + "check-in/", {"entry": entry.pk}, follow=True)
        .content.decode()
    )
    assert 'class="notice error"' in page
    assert RosterEntry.objects.get(pk=entry.pk).state == "expected"


def test_a_mis_scanned_tube_does_not_end_a_part_filled_one(world, round, url, tube):
    client = world.client(world.admin)
    client.post(
        url + "check-in/", {"entry": RosterEntry.objects.get(round=round, resident=world.zhang).pk}
    )
    page = client.post(url + "tube/", {"code": "abc"}, follow=True).content.decode()
    assert 'class="notice error"' in page and Tube.objects.get(pk=tube.pk).closed_at is None
    client.post(url + "tube/", {"code": "T0002", "close_current": "1"})
    assert Tube.objects.get(pk=tube.pk).closed_at is not None


def test_tube_scanned_twice_is_refused_on_the_page(world, url, tube):
    page = (
        world.client(world.admin)
        .post(url + "tube/", {"code": "T0001"}, follow=True)
        .content.decode()
    )
    assert 'class="notice error"' in page and Tube.objects.count() == 1


def test_a_sampler_at_a_shared_point_finds_anyone_on_the_roster_by_name_and_room(world, round, url):
    page = world.client(world.volunteer).get(url, {"q": "zsf"}).content.decode()
    assert "张三丰" in page and "1栋1单元101" in page
    assert "13812345678" not in page and "138****5678" not in page


def test_a_sampler_checks_in_a_resident_of_another_building(world, round, url, tube):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    world.client(world.volunteer).post(url + "check-in/", {"entry": entry.pk})
    assert RosterEntry.objects.get(pk=entry.pk).state == "tested"


def test_those_still_to_test_come_first(world, round, url, tube):
    from health import actions

    visitor = actions.add_on_the_day(
        user=world.admin, round=round, household=world.h101, name="访客"
    )
    world.client(world.admin).post(url + "check-in/", {"entry": visitor.pk})
    page = world.client(world.admin).get(url, {"q": "101"}).content.decode()
    assert page.index("张三丰") < page.index("访客")


def test_a_group_buy_leader_sees_no_round(world, round, url):
    from accounts.models import Role, User

    leader = User.objects.create_user("13800000021", "x", name="团长", role=Role.GROUP_BUY_LEADER)
    leader.compounds.add(world.compound)
    client = world.client(leader)
    for page in (
        url,
        f"/health/rounds/{round.pk}/",
        f"/health/rounds/{round.pk}/missed/",
        f"/health/rounds/{round.pk}/missed.pdf",
        "/health/antigen/",
        f"/health/antigen/buildings/{world.b1.pk}/",
        "/health/cases/",
        "/health/",
    ):
        assert client.get(page).status_code in (403, 404), page


def test_a_sampler_never_sees_id_numbers(world, url):
    page = world.client(world.volunteer).get(url, {"q": "ls"}).content.decode()
    assert world.zhang.id_number[:6] not in page


def test_a_full_tube_closes_and_says_so(world, round, url, tube):
    Tube.objects.filter(pk=tube.pk).update(filled=9)
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    world.client(world.admin).post(url + "check-in/", {"entry": entry.pk})
    assert Tube.objects.get(pk=tube.pk).closed_at is not None


def test_undo(world, round, url, tube):
    client = world.client(world.admin)
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    client.post(url + "check-in/", {"entry": entry.pk})
    client.post(url + "undo/", {"entry": entry.pk})
    assert RosterEntry.objects.get(pk=entry.pk).state == "expected"


def test_a_missing_entry_is_a_message_not_a_500(world, url, tube):
    response = world.client(world.admin).post(url + "check-in/", {"entry": "abc"}, follow=True)
    assert response.status_code == 200 and b'class="notice error"' in response.content


def test_lift_disinfected_after_a_households_ride(world, round, url, tube):
    from registry.models import Building
    from sanitation.models import DisinfectionRound

    Building.objects.filter(pk=world.b1.pk).update(has_lift=True)
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    client = world.client(world.admin)
    client.post(url + "check-in/", {"entry": entry.pk})
    page = client.get(url).content.decode()
    assert "/lift/" in page
    response = client.post(url + "lift/", {"entry": entry.pk}, follow=True)
    assert (
        'class="notice success"' in response.content.decode()
        or "notice ok" in response.content.decode()
    )
    assert DisinfectionRound.objects.filter(household=world.h101).count() == 1


def test_lift_of_a_building_without_one_says_so(world, round, url, tube):
    entry = RosterEntry.objects.get(round=round, resident=world.zhang)
    response = world.client(world.admin).post(url + "lift/", {"entry": entry.pk}, follow=True)
    assert 'class="notice error"' in response.content.decode()
