"""Who an item is for, read from its label: a household, or the shelf. Never a guess.

The label's address picks the households it fits; a name or the last four digits of a phone on
the label pick among them, or find the household when the label has no address. One household
fits: it is addressed. None or several: the item goes on the shelf with its label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import F, Q, Value
from django.db.models.functions import Length

from lib.address import Address, parse_address
from lib.chinese import to_halfwidth
from lib.identity import normalise_phone
from registry.models import Compound, Household, Resident

CANDIDATES = 8


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


def _phones(text: str) -> tuple[set[str], set[str]]:
    """Whole phone numbers and 4-digit tails written on a label (尾号5678, 138****5678)."""
    digits = re.sub(r"[\s-]", "", to_halfwidth(text))
    whole = {p for m in re.findall(r"\+?\d{11,13}", digits) if (p := normalise_phone(m))}
    tails = set(re.findall(r"(?<![\d*])(\d{4})(?!\d)", to_halfwidth(text)))
    tails |= set(re.findall(r"\*{2,}(\d{4})(?!\d)", digits))
    tails |= {p[-4:] for p in whole}
    return whole, tails


def _by_person(residents: list[Resident], text: str, name: str, tails: set[str]) -> list[Resident]:
    names = {name} if name else set()
    found = [r for r in residents if r.name and (r.name in names or r.name in text)]
    if not found and tails:
        found = [r for r in residents if r.phone and r.phone[-4:] in tails]
    return found


def find_recipient(
    compound: Compound, text: str, *, name: str = "", phone: str = "", where: str = ""
) -> Recipient:
    """The household (and resident) in `compound` that the label names, if exactly one does.

    `where` is an address written in its own column (楼号 3, 单元 2, 房号 501 → "3-2-501");
    `name` and `phone` too, when a consignment list has columns for them.
    """
    text = (text or "")[:300]
    households = Household.objects.filter(unit__building__compound=compound)
    address: Address = parse_address(where) if where else parse_address(text)
    whole, tails = _phones(f"{text} {phone}")
    if phone and (number := normalise_phone(phone)):
        whole.add(number)
        tails.add(number[-4:])

    fitting = list(households.at_address(address).select_related("unit__building")[:50])
    if not fitting and not address.room:
        # No address on the label: a whole phone number, or a name with a phone's tail, may
        # still find the one household.
        condition = Q(pk__in=[])
        if whole:
            condition |= Q(contact_phone__in=whole) | Q(residents__phone__in=whole)
        if name or re.search(r"[\u4e00-\u9fff]{2,}", text):
            names = Resident.objects.filter(household__unit__building__compound=compound)
            if name:
                names = names.filter(name=name)
            else:  # a name anywhere in the label: 给张三的包子
                names = names.annotate(label=Value(text), length=Length("name")).filter(
                    length__gte=2, label__contains=F("name")
                )
            if tails:
                names = names.filter(phone__regex=r"(" + "|".join(sorted(tails)) + r")$")
            condition |= Q(pk__in=names.values("household"))
        fitting = list(households.filter(condition).distinct()[:50])

    if not fitting:
        return Recipient()
    residents_of = {
        h.pk: list(h.residents.all())
        for h in Household.objects.filter(pk__in=[h.pk for h in fitting]).prefetch_related(
            "residents"
        )
    }
    if len(fitting) > 1:
        # Several rooms fit (no building on the label): the person named narrows it.
        narrowed = [h for h in fitting if _by_person(residents_of[h.pk], text, name, tails)]
        if len(narrowed) != 1:
            return Recipient(candidates=fitting[:CANDIDATES])
        fitting = narrowed
    household = fitting[0]
    people = _by_person(residents_of[household.pk], text, name, tails)
    return Recipient(household=household, resident=people[0] if len(people) == 1 else None)
