"""Finding the resident in front of the sampler, in one query: a scanned code, a room, a name.

What a scanner types into the box:
- a resident's code (from the household's link or a printed card): `R` and a signed id;
- the household's own link (its QR on the door card): every resident of that household;
- a room (3-2-501, 3栋501, 501), a name (张三丰), its pinyin initials (zsf) or pinyin (zhangsan).
"""

from __future__ import annotations

import re

from django.core import signing
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from health.models import MISSED, RosterEntry, TestRound
from lib.address import parse_address
from lib.chinese import normalise

SALT = "health.resident"
TOKEN = re.compile(r"/h/([A-Za-z0-9_-]{20,64})")
SHOWN = 30


def resident_code(resident_id: int) -> str:
    """What a resident's QR says: unforgeable, so a code cannot be made up for someone else."""
    return "R" + signing.Signer(salt=SALT).sign(str(resident_id))


def resident_from_code(text: str) -> int | None:
    if not text.startswith("R"):
        return None
    try:
        return int(signing.Signer(salt=SALT).unsign(text[1:]))
    except (signing.BadSignature, ValueError):
        return None


def find_entries(round: TestRound, text: str, within: Q | None = None) -> QuerySet[RosterEntry]:
    """Entries of the round that the text names, best first; `within` narrows to a scope."""
    entries = RosterEntry.objects.filter(round=round).select_related(
        "resident", "household__unit__building", "building", "unit", "tube__point"
    )
    if within is not None:
        entries = entries.filter(within)
    text = (text or "").strip()[:200]
    if not text:
        return entries.none()
    if (pk := resident_from_code(text)) is not None:
        return entries.filter(resident_id=pk)
    if match := TOKEN.search(text):
        return entries.filter(household__access_token=match.group(1))
    if text.isdigit():  # a room on its own, or the last four digits of a phone
        bare = Q(household__room=text)
        if len(text) == 4:
            bare |= Q(resident__phone__endswith=text)
        return _missed_first(entries.filter(bare))
    if any(ch.isdigit() for ch in text):
        address = parse_address(text)
        if address.room:
            found = entries.filter(household__room=address.room)
            if address.building:
                found = found.filter(building__number=address.building)
            if address.unit:
                found = found.filter(unit__number=address.unit)
            return _missed_first(found)
    words = normalise(text).lower().replace(" ", "")
    if words.isascii():
        named = Q(resident__name_initials__startswith=words) | Q(
            resident__name_pinyin__startswith=words
        )
    else:
        named = Q(resident__name__contains=text)
    return _missed_first(entries.filter(named))


def _missed_first(entries: QuerySet[RosterEntry]) -> QuerySet[RosterEntry]:
    """Those still to test before those done: the sampler is looking for the former."""
    waiting = Case(
        When(state__in=MISSED, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return entries.annotate(waiting=waiting).order_by("waiting", "building_id", "unit_id", "pk")[
        :SHOWN
    ]
