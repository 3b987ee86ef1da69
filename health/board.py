"""What a round looks like now: counts per building and unit, the missed, the retests.

Each is one aggregate or one page of rows over the roster's (round, building, state) index,
whatever the round's size; names come after, for the rows shown only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from health.models import MISSED, AntigenReport, RosterEntry, SignOff, TestRound
from registry.models import Building, Compound, Household, Resident, Unit, building_sort_key

State = RosterEntry.State


@dataclass
class Tally:
    place: Building | Unit
    expected: int = 0
    tested: int = 0
    refused: int = 0
    unreachable: int = 0
    excluded: int = 0
    door: int = 0
    units: list[Tally] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.expected - self.tested

    @property
    def percent(self) -> int | None:
        return round(100 * self.tested / self.expected) if self.expected else None

    def add(self, other: Tally) -> None:
        for name in ("expected", "tested", "refused", "unreachable", "excluded", "door"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def tallies(round: TestRound, within: Q) -> tuple[Tally, list[Tally]]:
    """The round's total and one Tally per building (each with its units), in two queries."""
    rows = (
        RosterEntry.objects.filter(round=round)
        .filter(within)
        .values("building_id", "unit_id")
        .annotate(
            expected=Count("pk", filter=~Q(state=State.EXCLUDED)),
            tested=Count("pk", filter=Q(state=State.TESTED)),
            refused=Count("pk", filter=Q(state=State.REFUSED)),
            unreachable=Count("pk", filter=Q(state=State.UNREACHABLE)),
            excluded=Count("pk", filter=Q(state=State.EXCLUDED)),
            door=Count("pk", filter=Q(door_to_door=True) & ~Q(state=State.EXCLUDED)),
        )
        .order_by()
    )
    counts = list(rows)
    units = Unit.objects.in_bulk([r["unit_id"] for r in counts])
    buildings = Building.objects.in_bulk([r["building_id"] for r in counts])
    by_building: dict[int, Tally] = {}
    total = Tally(place=round.compound)  # type: ignore[arg-type]
    for row in counts:
        unit = Tally(
            place=units[row["unit_id"]],
            **{
                k: row[k]
                for k in ("expected", "tested", "refused", "unreachable", "excluded", "door")
            },
        )
        building = by_building.setdefault(
            row["building_id"], Tally(place=buildings[row["building_id"]])
        )
        building.units.append(unit)
        building.add(unit)
        total.add(unit)
    ordered = sorted(by_building.values(), key=lambda t: building_sort_key(t.place.number))
    for building in ordered:
        building.units.sort(key=lambda t: building_sort_key(t.place.number))
    return total, ordered


def sorted_buildings(compound: Compound) -> list[Building]:
    return sorted(compound.buildings.all(), key=lambda b: building_sort_key(b.number))


def missed(round: TestRound, within: Q) -> QuerySet[RosterEntry]:
    """Who has not been tested, in stair order: building, unit, floor, room."""
    return (
        RosterEntry.objects.filter(round=round, state__in=MISSED)
        .filter(within)
        .select_related("resident", "household__unit__building", "building", "unit")
        # The roster is written in registry order, stair by stair: its ids keep that order, so a
        # page of a million-person round is read off the (round, building, unit, household)
        # index without a sort; stair_order() puts each page in building-number order.
        .order_by("building_id", "unit_id", "household_id", "pk")
    )


def door_to_door(round: TestRound, within: Q) -> QuerySet[RosterEntry]:
    """The sampling team's route: the housebound, the isolating and sealed units, stair by stair."""
    return missed(round, within).filter(door_to_door=True)


def retests(round: TestRound, within: Q) -> QuerySet[RosterEntry]:
    return (
        RosterEntry.objects.filter(round=round, retest=True)
        .filter(within)
        .select_related(
            "resident", "household__unit__building", "building", "unit", "tube", "abnormal_tube"
        )
        .order_by("building__number", "unit__number", "household__room", "pk")
    )


def stair_order(entries: list[RosterEntry]) -> list[RosterEntry]:
    """Building 2 before building 10 (the database sorts numbers as text)."""
    return sorted(
        entries,
        key=lambda e: (
            building_sort_key(e.building.number) if hasattr(e, "building") else (0, ""),
            building_sort_key(e.unit.number),
            e.household.floor or 0,
            e.household.room,
            e.pk,
        ),
    )


# --- Antigen: who has reported today ------------------------------------------------------


@dataclass
class Completeness:
    place: Building | Unit
    households: int = 0
    complete: int = 0
    residents: int = 0
    reported: int = 0
    positive: int = 0
    signed: SignOff | None = None
    units: list[Completeness] = field(default_factory=list)

    @property
    def percent(self) -> int | None:
        return round(100 * self.reported / self.residents) if self.residents else None


def antigen_completeness(buildings: QuerySet[Building], day: date) -> list[Completeness]:
    """Per building and unit: households complete (everyone reported) and residents reported."""
    residents = (
        Resident.objects.filter(household__unit__building__in=buildings)
        .exclude(household__status__in=[Household.Status.VACANT, Household.Status.AWAY])
        .values("household_id", "household__unit_id", "household__unit__building_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reports = (
        AntigenReport.objects.filter(building__in=buildings, day=day)
        .exclude(result=AntigenReport.Result.INVALID)  # an invalid cassette: test again
        .values("household_id")
        .annotate(
            n=Count("pk"), positive=Count("pk", filter=Q(result=AntigenReport.Result.POSITIVE))
        )
        .order_by()
    )
    reported = {r["household_id"]: r for r in reports}
    signed = {
        s.building_id: s
        for s in SignOff.objects.filter(building__in=buildings, day=day).select_related("by")
    }
    places: dict[int, Completeness] = {}
    units: dict[int, Completeness] = {}
    unit_objects = Unit.objects.in_bulk({r["household__unit_id"] for r in residents})
    for building in buildings:
        places[building.pk] = Completeness(place=building, signed=signed.get(building.pk))
    for row in residents:
        unit = units.get(row["household__unit_id"])
        if unit is None:
            unit = units[row["household__unit_id"]] = Completeness(
                place=unit_objects[row["household__unit_id"]]
            )
            places[row["household__unit__building_id"]].units.append(unit)
        done = reported.get(row["household_id"], {"n": 0, "positive": 0})
        for target in (unit, places[row["household__unit__building_id"]]):
            target.households += 1
            target.residents += row["n"]
            target.reported += min(done["n"], row["n"])
            target.complete += done["n"] >= row["n"]
            target.positive += done["positive"]
    ordered = sorted(places.values(), key=lambda c: building_sort_key(c.place.number))
    for place in ordered:
        place.units.sort(key=lambda c: building_sort_key(c.place.number))
    return ordered


def not_reported(buildings: QuerySet[Building], day: date) -> list[Household]:
    """Households where someone has not reported today: the only ones a reminder goes to."""
    households = (
        Household.objects.filter(unit__building__in=buildings)
        .exclude(status__in=[Household.Status.VACANT, Household.Status.AWAY])
        .annotate(
            people=Count("residents", distinct=True),
            done=Count(
                "residents__antigen",
                filter=Q(residents__antigen__day=day)
                & ~Q(residents__antigen__result=AntigenReport.Result.INVALID),
                distinct=True,
            ),
        )
        .filter(people__gt=0)
        .select_related("unit__building")
    )
    waiting = [h for h in households if h.done < h.people]  # type: ignore[attr-defined]
    return sorted(
        waiting,
        key=lambda h: (
            building_sort_key(h.unit.building.number),
            building_sort_key(h.unit.number),
            h.floor or 0,
            h.room,
        ),
    )


def reminder_text(building: Building, households: list[Household], day: date) -> str:
    """The building's paste-ready reminder: rooms only, never names or numbers."""
    rooms = "、".join(
        h.room if not h.unit.number else f"{h.unit.number}-{h.room}" for h in households
    )
    return (
        f"【{building} 抗原提醒】{day:%m月%d日}还没有上报抗原结果的住户：{rooms}。"
        f"请打开本户链接，在“抗原”里为每位家人点选结果（可拍照）。没有智能手机的请联系楼长代报。"
    )
