from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from logistics.models import DEFAULT_SLOTS, GateRules, Kind
from logistics.slots import slot_for

TZ = ZoneInfo("Asia/Shanghai")


def at(hour, minute=0, day=2):
    return datetime(2026, 12, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def rules():
    return GateRules(slots=dict(DEFAULT_SLOTS), sweep_at=time(20), cutoff_at=time(22),
                     at_once_minutes=30)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "arrived", "due", "late"),
    [
        (Kind.MEAL, at(9), at(11, 30), False),  # meals before noon
        (Kind.MEAL, at(12), at(17, 30), False),  # and before evening
        (Kind.MEAL, at(18), at(20), False),  # missed both: before the sweep, not tomorrow
        (Kind.FRESH, at(7), at(12), False),
        (Kind.PARCEL, at(13), at(17), False),
        (Kind.PARCEL, at(19), at(20), False),
        (Kind.PARCEL, at(20, 30), at(21), False),  # after the sweep: at once, not overnight
        (Kind.PARCEL, at(22, 30), at(17, day=3), True),  # after the cut-off: tomorrow, late
        (Kind.FRESH, at(23), at(12, day=3), True),
        (Kind.MEDICINE, at(23), at(23, 30), False),  # medicine at once, even at night
        (Kind.MEDICINE, at(10), at(10, 30), False),
    ],
)
def test_each_kind_gets_the_slot_of_seed_004(rules, kind, arrived, due, late):
    slot = slot_for(rules, kind, arrived)
    assert slot.due_at == due
    assert slot.late is late


def test_an_urgent_request_goes_at_once(rules):
    assert slot_for(rules, Kind.PARCEL, at(9), urgent=True).due_at == at(9, 30)


def test_the_compound_edits_its_slots(rules):
    rules.slots[Kind.PARCEL] = ["15:00"]
    assert slot_for(rules, Kind.PARCEL, at(9)).due_at == at(15)
    assert slot_for(rules, Kind.PARCEL, at(9)).label == "by 15:00"
