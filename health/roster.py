"""A round's roster, written from the registry in one pass: who is to be tested, who is not, why.

Left out, each with the reason on the roster: a resident recorded away, in hospital or exempt on
the round's day, and everyone in a household marked away. Vacant households have no residents to
test. Sent door to door (上门采样): the bedridden and disabled, residents isolating at home or
waiting for a retest, and everyone in a sealed unit.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from health.models import Absence, Case, RosterEntry, TestRound, absences_on
from lib.bulk import insert_rows
from registry.models import (
    Household,
    Resident,
    Tag,
    Unit,
    ZoneLevel,
    current_lockdowns_by_building,
    current_lockdowns_by_unit,
)

# Free-text tags a roster uses for someone who cannot come down.
HOUSEBOUND_WORDS = ("卧床", "瘫痪", "行动不便", "失能", "bedridden")

CHUNK = 20_000
FIELDS = [
    "round",
    "resident",
    "household",
    "building",
    "unit",
    "state",
    "reason",
    "door_to_door",
    "added_on_the_day",
    "retest",
]


def housebound(tags: list[str]) -> bool:
    return Tag.DISABLED in tags or any(w in t for t in tags for w in HOUSEBOUND_WORDS)


def sealed_units(round: TestRound) -> set[int]:
    """Units whose state in force is sealed, or in a sealed building."""
    compound = round.compound
    sealed = {
        pk
        for pk, state in current_lockdowns_by_unit(compound).items()
        if state.level == ZoneLevel.SEALED
    }
    buildings = [
        pk
        for pk, state in current_lockdowns_by_building(compound).items()
        if state.level == ZoneLevel.SEALED
    ]
    if buildings:
        sealed |= set(Unit.objects.filter(building__in=buildings).values_list("pk", flat=True))
    return sealed


def residents_of(round: TestRound) -> Any:
    residents = Resident.objects.filter(household__unit__building__compound=round.compound)
    chosen = list(round.buildings.values_list("pk", flat=True))
    if chosen:
        residents = residents.filter(household__unit__building__in=chosen)
    return residents.exclude(household__status=Household.Status.VACANT)


def write_roster(round: TestRound) -> int:
    """Every resident of the round's buildings on its roster; the number written."""
    day = round.day
    reasons: dict[int, str] = {}
    for absence in Absence.objects.filter(
        absences_on(day), resident__in=residents_of(round)
    ).order_by("since"):
        label = str(absence.get_kind_display())
        reasons[absence.resident_id] = f"{label}：{absence.note}" if absence.note else label
    isolating = set(
        Case.objects.active()
        .filter(compound=round.compound)
        .filter(Q(status=Case.Status.HOME) | Q(status=Case.Status.POSITIVE))
        .values_list("resident_id", flat=True)
    )
    in_facility = set(
        Case.objects.filter(compound=round.compound, status=Case.Status.FACILITY).values_list(
            "resident_id", flat=True
        )
    )
    # Waiting for a retest after an abnormal tube in the last week: isolating, so at the door.
    isolating |= set(
        RosterEntry.objects.filter(
            round__compound=round.compound, retest=True,
            round__day__gte=day - timedelta(days=7), round__day__lte=day,
        ).values_list("resident_id", flat=True)
    )  # fmt: skip
    sealed = sealed_units(round)
    away = str(Household.Status.AWAY.label)
    facility = str(Case.Status.FACILITY.label)
    rows: list[list[Any]] = []
    written = 0
    for pk, household, building, unit, status, tags in (
        residents_of(round)
        .values_list(
            "pk",
            "household_id",
            "household__unit__building_id",
            "household__unit_id",
            "household__status",
            "tags",
        )
        .order_by("pk")
        .iterator(chunk_size=5000)
    ):
        reason = reasons.get(pk, "")
        if not reason and status == Household.Status.AWAY:
            reason = _("household %(status)s") % {"status": away}
        if not reason and pk in in_facility:
            reason = facility
        state = RosterEntry.State.EXCLUDED if reason else RosterEntry.State.EXPECTED
        door = not reason and (pk in isolating or unit in sealed or housebound(tags or []))
        rows.append([round.pk, pk, household, building, unit, state, reason, door, False, False])
        if len(rows) == CHUNK:  # a million-person round in bounded memory
            insert_rows(RosterEntry, FIELDS, rows)
            written, rows = written + len(rows), []
    insert_rows(RosterEntry, FIELDS, rows)
    return written + len(rows)
