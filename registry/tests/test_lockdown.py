from django.urls import reverse

from accounts.models import AuditEntry
from registry.models import LockdownState, current_lockdown


def test_a_grid_leader_seals_a_building_and_the_history_is_kept(world):
    client = world.client(world.grid_leader)
    url = reverse("lockdown_set", args=["building", world.b1.pk])
    client.post(url, {"level": "controlled"})
    response = client.post(url, {"level": "sealed", "planned_end": "2022-08-14", "note": "7+7"})
    assert response.status_code == 302
    state = current_lockdown(world.compound, world.b1)
    assert state.level == "sealed"
    assert state.note == "7+7"
    assert state.set_by == world.grid_leader
    assert LockdownState.objects.filter(building=world.b1).count() == 2
    page = client.get(reverse("building", args=[world.b1.pk])).content.decode()
    assert "7+7" in page
    assert "网格长" in page.split("<main>", 1)[1]  # who set it, in the history
    assert AuditEntry.objects.filter(object_type="registry.lockdownstate").count() == 2


def test_a_unit_and_the_compound_have_states_of_their_own(world):
    client = world.client(world.admin)
    unit = world.h101.unit
    client.post(reverse("lockdown_set", args=["unit", unit.pk]), {"level": "sealed"})
    client.post(
        reverse("lockdown_set", args=["compound", world.compound.pk]), {"level": "precaution"}
    )
    assert current_lockdown(world.compound, world.b1, unit).level == "sealed"
    assert current_lockdown(world.compound).level == "precaution"
    assert current_lockdown(world.compound, world.b1) is None


def test_an_unknown_level_is_refused(world):
    url = reverse("lockdown_set", args=["building", world.b1.pk])
    response = world.client(world.admin).post(url, {"level": "panic"})
    assert response.status_code == 400
    assert not LockdownState.objects.exists()


def test_volunteers_and_outsiders_cannot_set_a_state(world):
    url = reverse("lockdown_set", args=["building", world.b2.pk])
    assert world.client(world.volunteer).post(url, {"level": "sealed"}).status_code == 403
    assert world.client(world.outsider).post(url, {"level": "sealed"}).status_code == 404
    assert not LockdownState.objects.exists()


def test_only_a_community_admin_sets_the_whole_compound(world):
    url = reverse("lockdown_set", args=["compound", world.compound.pk])
    for persona in (world.building_leader, world.grid_leader):
        assert world.client(persona).post(url, {"level": "sealed"}).status_code == 403
    assert not LockdownState.objects.exists()


def test_a_state_can_be_entered_after_the_fact(world):
    url = reverse("lockdown_set", args=["building", world.b1.pk])
    world.client(world.admin).post(url, {"level": "sealed", "since": "2022-08-01T18:30"})
    world.client(world.admin).post(url, {"level": "controlled", "since": "2022-07-31T09:00"})
    # The latest by time in force wins, whatever the order of entry.
    state = current_lockdown(world.compound, world.b1)
    assert state.level == "sealed"
    assert state.since.astimezone().strftime("%m-%d") == "08-01"
