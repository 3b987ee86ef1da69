import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from linli.errors import Conflict
from logistics import supplies
from logistics.models import Handout, Per
from registry.models import Household


@pytest.fixture
def packs(world):
    return supplies.open_distribution(
        user=world.admin, compound=world.compound, name="第一批保供物资包", per=Per.HOUSEHOLD
    )


def test_one_pack_per_household_and_a_second_is_refused_with_who_was_first(world, packs):
    supplies.hand_out(user=world.building_leader, distribution=packs, household=world.h101)
    with pytest.raises(Conflict, match="楼长"):
        supplies.hand_out(user=world.admin, distribution=packs, household=world.h101)
    assert Handout.objects.count() == 1


def test_a_leader_gives_an_extra_pack_with_a_reason(world, packs):
    supplies.hand_out(user=world.admin, distribution=packs, household=world.h101)
    supplies.hand_out(
        user=world.building_leader, distribution=packs, household=world.h101,
        override_reason="家里来了两位滞留亲戚",
    )  # fmt: skip
    assert Handout.objects.count() == 2


def test_a_volunteer_cannot_give_an_extra_pack(world, packs):
    supplies.hand_out(user=world.volunteer, distribution=packs, household=world.h201)
    with pytest.raises(PermissionDenied):
        supplies.hand_out(
            user=world.volunteer, distribution=packs, household=world.h201, override_reason="想要"
        )


def test_a_household_outside_the_scope_is_refused(world, packs):
    with pytest.raises(PermissionDenied):
        supplies.hand_out(user=world.volunteer, distribution=packs, household=world.h101)


def test_residents_only_leaves_out_a_vacant_household(world, packs):
    Household.objects.filter(pk=world.h301.pk).update(status=Household.Status.VACANT)
    world.h301.refresh_from_db()
    with pytest.raises(ValidationError):
        supplies.hand_out(user=world.admin, distribution=packs, household=world.h301)


def test_one_per_resident_needs_the_resident(world):
    per_person = supplies.open_distribution(
        user=world.admin, compound=world.compound, name="口罩", per=Per.RESIDENT
    )
    with pytest.raises(ValidationError):
        supplies.hand_out(user=world.admin, distribution=per_person, household=world.h101)
    supplies.hand_out(
        user=world.admin, distribution=per_person, household=world.h101, resident=world.zhang
    )
    with pytest.raises(Conflict):
        supplies.hand_out(
            user=world.admin, distribution=per_person, household=world.h101, resident=world.zhang
        )


def test_at_most_n_every_n_days(world, time_machine=None):
    from datetime import timedelta

    daily = supplies.open_distribution(
        user=world.admin, compound=world.compound, name="蔬菜", per=Per.HOUSEHOLD,
        per_period=2, period_days=3,
    )  # fmt: skip
    supplies.hand_out(user=world.admin, distribution=daily, household=world.h101)
    supplies.hand_out(user=world.admin, distribution=daily, household=world.h101)
    with pytest.raises(Conflict):
        supplies.hand_out(user=world.admin, distribution=daily, household=world.h101)
    # Three days on, the next period begins.
    daily.starts_on -= timedelta(days=3)
    daily.save()
    supplies.hand_out(user=world.admin, distribution=daily, household=world.h101)
    assert Handout.objects.filter(distribution=daily).count() == 3


def test_the_tally_counts_per_unit_and_the_waiting_list_shows_the_rest(world, packs):
    supplies.hand_out(user=world.admin, distribution=packs, household=world.h101)
    client = world.client(world.admin)
    page = client.get(reverse("supplies_distribution", args=[packs.pk]))
    tallies = {t.unit.building.number: (t.households, t.served) for t in page.context["tallies"]}
    assert tallies == {"1": (1, 1), "2": (1, 0), "3": (1, 0)}
    waiting = client.get(reverse("supplies_distribution", args=[packs.pk]), {"waiting": 1})
    assert set(waiting.context["waiting"]) == {world.h201, world.h301}


def test_ticking_a_household_off_on_the_unit_page(world, packs):
    client = world.client(world.volunteer)
    url = reverse("supplies_hand_out", args=[packs.pk])
    client.post(url, {"household": world.h201.pk})
    response = client.post(url, {"household": world.h201.pk}, follow=True)
    assert Handout.objects.count() == 1
    assert 'class="notice error"' in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads share SQLite's in-memory test database; there IMMEDIATE serialises writers",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_two_volunteers_ticking_at_once_hand_out_one_pack(standing_world):
    from conftest import build_world, load_world
    from registry.models import Compound

    # An earlier test that empties the database (a browser test's) takes the standing world.
    exists = Compound.objects.filter(pk=standing_world["compound"]).exists()
    world = load_world(standing_world if exists else build_world())
    packs = supplies.open_distribution(
        user=world.admin, compound=world.compound, name="并发", per=Per.HOUSEHOLD
    )
    results = []

    def tick(user):
        try:
            supplies.hand_out(user=user, distribution=packs, household=world.h101)
            results.append("ok")
        except Conflict:
            results.append("refused")
        except Exception as exc:
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=tick, args=(u,)) for u in (world.admin, world.building_leader)
    ] * 1
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Handout.objects.filter(distribution=packs).count() == 1
    Handout.objects.filter(distribution=packs).delete()
    packs.delete()
