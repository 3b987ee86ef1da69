"""Who an item is for, read from its label: a household, or the shelf. Never a guess.

The label's address picks the households it fits; a name or the last four digits of a phone on
the label pick among them, or find the household when the label has no address. One household
fits: it is addressed. None or several: the item goes on the shelf with its label.

One decision, two ways to look households up: the database, for one item at the gate, and a
`Directory` of the compound read once, for a consignment of thousands of rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import ahocorasick
from django.db.models import F, Prefetch, Q, Value
from django.db.models.functions import Length

from lib.address import Address, parse_address
from lib.chinese import to_halfwidth
from lib.identity import normalise_phone
from registry.models import BuildingAlias, Compound, Household, Resident

CANDIDATES = 8
MANY = 50


@dataclass
class Recipient:
    household: Household | None = None
    resident: Resident | None = None
    candidates: list[Household] = field(default_factory=list)

    @property
    def state(self) -> str:
        """addressed, ambiguous (several households fit) or unknown (none)."""
        if self.household:
            return "addressed"
        return "ambiguous" if self.candidates else "unknown"


class Lookup(Protocol):
    def at_address(self, address: Address) -> list[Household]: ...

    def by_contact(
        self, text: str, name: str, whole: set[str], tails: set[str]
    ) -> list[Household]: ...

    def residents(self, households: list[Household]) -> dict[int, list[Resident]]: ...


def _phones(text: str) -> tuple[set[str], set[str]]:
    """Whole phone numbers and 4-digit tails written on a label (尾号5678, 138****5678)."""
    digits = re.sub(r"[\s-]", "", to_halfwidth(text))
    whole = {p for m in re.findall(r"\+?\d{11,13}", digits) if (p := normalise_phone(m))}
    tails = set(re.findall(r"(?<![\d*])(\d{4})(?!\d)", to_halfwidth(text)))
    tails |= set(re.findall(r"\*{2,}(\d{4})(?!\d)", digits))
    tails |= {p[-4:] for p in whole}
    return whole, tails


def _by_person(residents: list[Resident], text: str, name: str, tails: set[str]) -> list[Resident]:
    found = [r for r in residents if r.name and (r.name == name or r.name in text)]
    if not found and tails:
        found = [r for r in residents if r.phone and r.phone[-4:] in tails]
    return found


def find_recipient(
    compound: Compound,
    text: str,
    *,
    name: str = "",
    phone: str = "",
    where: str = "",
    lookup: Lookup | None = None,
) -> Recipient:
    """The household (and resident) in `compound` that the label names, if exactly one does.

    `where` is an address written in its own column (楼号 3, 单元 2, 房号 501 → "3-2-501");
    `name` and `phone` too, when a consignment list has columns for them.
    """
    lookup = lookup or DatabaseLookup(compound)
    text = (text or "")[:300]
    address = parse_address(where) if where else parse_address(text)
    whole, tails = _phones(f"{text} {phone}")
    if phone and (number := normalise_phone(phone)):
        whole.add(number)
        tails.add(number[-4:])

    fitting = lookup.at_address(address)
    if not fitting and not address.room:
        # No address on the label: a whole phone number, or a name (with a phone's tail when
        # there is one), may still find the one household.
        fitting = lookup.by_contact(text, name, whole, tails)
    if not fitting:
        return Recipient()
    people = lookup.residents(fitting)
    if len(fitting) > 1:
        # Several rooms fit (no building on the label): the person named narrows it.
        narrowed = [h for h in fitting if _by_person(people[h.pk], text, name, tails)]
        if len(narrowed) != 1:
            return Recipient(candidates=fitting[:CANDIDATES])
        fitting = narrowed
    household = fitting[0]
    named = _by_person(people[household.pk], text, name, tails)
    return Recipient(household=household, resident=named[0] if len(named) == 1 else None)


class DatabaseLookup:
    """A few queries per label: for the gate, one item at a time."""

    def __init__(self, compound: Compound) -> None:
        self.compound = compound
        self.households = Household.objects.filter(unit__building__compound=compound)

    def at_address(self, address: Address) -> list[Household]:
        found = self.households.at_address(address).select_related("unit__building")
        return list(found[:MANY])

    def by_contact(self, text: str, name: str, whole: set[str], tails: set[str]) -> list[Household]:
        condition = Q(pk__in=[])
        if whole:
            condition |= Q(contact_phone__in=whole) | Q(residents__phone__in=whole)
        if name or re.search(r"[\u4e00-\u9fff]{2,}", text):
            names = Resident.objects.filter(household__unit__building__compound=self.compound)
            if name:
                names = names.filter(name=name)
            else:  # a name anywhere in the label: 给张三的包子
                names = names.annotate(label=Value(text), length=Length("name")).filter(
                    length__gte=2, label__contains=F("name")
                )
            if tails:
                names = names.filter(phone__regex=r"(" + "|".join(sorted(tails)) + r")$")
            condition |= Q(pk__in=names.values("household"))
        found = self.households.filter(condition).distinct().select_related("unit__building")
        return list(found[:MANY])

    def residents(self, households: list[Household]) -> dict[int, list[Resident]]:
        people: dict[int, list[Resident]] = {h.pk: [] for h in households}
        for resident in Resident.objects.filter(household__in=list(people)):
            people[resident.household_id].append(resident)
        return people


class Directory:
    """The compound's households, residents and building aliases, read once: for a list of
    thousands of labels, every lookup is a dictionary's."""

    def __init__(self, compound: Compound) -> None:
        residents = Resident.objects.only("pk", "household_id", "name", "phone")
        households = list(
            Household.objects.filter(unit__building__compound=compound)
            .select_related("unit__building")
            .prefetch_related(Prefetch("residents", queryset=residents))
        )
        self.by_room: dict[str, list[Household]] = defaultdict(list)
        self.by_phone: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[str, set[int]] = defaultdict(set)
        self.by_pk = {h.pk: h for h in households}
        self.people: dict[int, list[Resident]] = {}
        self.names = ahocorasick.Automaton()
        for household in households:
            self.by_room[household.room].append(household)
            if household.contact_phone:
                self.by_phone[household.contact_phone].add(household.pk)
            self.people[household.pk] = list(household.residents.all())
            for resident in self.people[household.pk]:
                if resident.phone:
                    self.by_phone[resident.phone].add(household.pk)
                if len(resident.name) >= 2:
                    self.by_name[resident.name].add(household.pk)
        for person in self.by_name:
            self.names.add_word(person, person)
        if self.by_name:
            self.names.make_automaton()
        self.aliases: dict[tuple[str, str], set[int]] = defaultdict(set)
        numbers: dict[int, set[str]] = defaultdict(set)
        for alias in BuildingAlias.objects.filter(building__compound=compound):
            self.aliases[(alias.street, alias.number)].add(alias.building_id)
            numbers[alias.building_id].add(alias.number)
        # (building number or alias, room) → households: 3栋501 is one dictionary read.
        self.by_place: dict[tuple[str, str], list[Household]] = defaultdict(list)
        for household in households:
            building = household.unit.building
            for number in {building.number, *numbers[building.pk]}:
                self.by_place[(number, household.room)].append(household)

    def at_address(self, address: Address) -> list[Household]:
        """HouseholdQuerySet.at_address, from memory."""
        if not address.room:
            return []
        if address.building:
            found = self.by_place.get((address.building, address.room), [])
        else:
            found = self.by_room.get(address.room, [])
        street = (address.street or "", address.building or "")
        if address.street and (buildings := self.aliases.get(street)):
            found = [h for h in found if h.unit.building_id in buildings]
        if address.unit:
            found = [h for h in found if h.unit.number == address.unit]
        return found[:MANY]

    def by_contact(self, text: str, name: str, whole: set[str], tails: set[str]) -> list[Household]:
        pks: set[int] = set()
        for number in whole:
            pks |= self.by_phone.get(number, set())
        named: Iterable[str] = [name] if name else (
            [found for _end, found in self.names.iter(text)] if self.by_name else []
        )  # fmt: skip
        for person in named:
            for pk in self.by_name.get(person, set()):
                if not tails or any(
                    r.phone and r.phone[-4:] in tails and r.name == person for r in self.people[pk]
                ):
                    pks.add(pk)
        return [self.by_pk[pk] for pk in sorted(pks)][:MANY]

    def residents(self, households: list[Household]) -> dict[int, list[Resident]]:
        return {h.pk: self.people[h.pk] for h in households}
