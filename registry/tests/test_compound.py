from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Building, Household, LockdownState, Resident, Unit, building_sort_key


def test_it_shows_every_building_with_its_figures(world):
    world.h101.contact_verified = True
    world.h101.save()
    response = world.client(world.admin).get(reverse("compound", args=[world.compound.pk]))
    assert response.status_code == 200
    buildings = {f.place.number: f for f in response.context["buildings"]}
    assert set(buildings) == {"1", "2", "3"}
    assert buildings["1"].households == 1
    assert buildings["1"].residents == 1
    assert buildings["1"].vulnerable == 1
    assert buildings["1"].coverage == 100
    assert buildings["2"].coverage == 0
    assert response.context["totals"]["households"] == 3
    assert response.context["totals"]["coverage"] == 33


def test_a_building_leader_sees_only_their_buildings(world):
    response = world.client(world.building_leader).get(
        reverse("compound", args=[world.compound.pk])
    )
    assert [f.place.number for f in response.context["buildings"]] == ["1"]
    assert "李四" not in response.content.decode()


def test_home_takes_a_one_compound_user_to_the_overview(world):
    response = world.client(world.building_leader).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("compound", args=[world.compound.pk])


def test_it_refuses_an_outsider(world):
    response = world.client(world.outsider).get(reverse("compound", args=[world.compound.pk]))
    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_login(world):
    response = world.client(None).get(reverse("compound", args=[world.compound.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_current_lockdown_state_is_shown(world):
    LockdownState.objects.create(compound=world.compound, building=world.b1, level="controlled")
    LockdownState.objects.create(
        compound=world.compound, building=world.b1, level="sealed", note="7+7"
    )
    response = world.client(world.admin).get(reverse("compound", args=[world.compound.pk]))
    b1 = next(f for f in response.context["buildings"] if f.place.number == "1")
    assert b1.lockdown.level == "sealed"
    assert "7+7" in response.content.decode()


def test_the_overview_takes_the_same_number_of_queries_whatever_the_size(world):
    client = world.client(world.admin)
    url = reverse("compound", args=[world.compound.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(10, 40):
        building = Building.objects.create(compound=world.compound, number=str(number))
        unit = Unit.objects.create(building=building, number="1")
        for room in ("101", "102", "201"):
            household = Household.objects.create(unit=unit, room=room)
            Resident.objects.create(
                household=household, name="某某", tags=["diabetes"], vulnerable=True
            )
        LockdownState.objects.create(compound=world.compound, building=building, level="sealed")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["buildings"]) == 33
    assert len(large) == len(small)


def test_buildings_sort_by_their_digits_and_odd_numbers_cause_no_error():
    numbers = ["10", "①", "2", "A座", "3²"]
    assert sorted(numbers, key=building_sort_key) == ["2", "3²", "10", "A座", "①"]
