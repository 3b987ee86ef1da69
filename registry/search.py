"""Finding a household the way a volunteer asks for it.

By name (张三丰), pinyin initials (zsf), the last 4 digits of a phone (5678), or the room in any
written form (3-2-501, 3栋2单元501).
"""

from __future__ import annotations

import re

from django.db.models import Q

from accounts.models import User
from lib.address import parse_address
from lib.chinese import normalise, to_halfwidth
from lib.identity import normalise_phone
from registry.models import Household

LIMIT = 50


def search_households(user: User, query: str) -> list[Household]:
    text = to_halfwidth(query or "").strip()
    # Numerals are read as numbers for addresses only: 张三丰 must stay a name.
    query = normalise(text)
    if not query:
        return []
    households = Household.objects.in_buildings(user.visible_buildings())
    condition = Q(pk__in=[])

    address = parse_address(query)
    if address.building or address.unit:
        condition |= Q(
            pk__in=households.at(address.building, address.unit, address.room).values("pk")
        )
    if re.fullmatch(r"\d{4}", query):
        condition |= Q(contact_phone__endswith=query) | Q(proxy_phone__endswith=query)
        condition |= Q(residents__phone__endswith=query)
    if re.fullmatch(r"\d{3,4}", query):
        condition |= Q(room=query)
    if re.fullmatch(r"[A-Za-z]{1,10}", query):
        condition |= Q(residents__name_initials__startswith=query.lower())
    if re.fullmatch(r"[A-Za-z]{2,40}", query):
        condition |= Q(residents__name_pinyin__startswith=query.lower())
    if phone := normalise_phone(query):
        # A whole number as it is written on a note: 138 1234 5678, +86…
        condition |= Q(contact_phone=phone) | Q(proxy_phone=phone) | Q(residents__phone=phone)
    if re.search(r"[\u4e00-\u9fff]", text):
        condition |= Q(residents__name__contains=text) | Q(proxy_name__contains=text)

    return list(
        households.filter(condition)
        .distinct()
        .select_related("unit__building")
        .prefetch_related("residents")
        .order_by("unit__building__number", "unit__number", "room")[:LIMIT]
    )
