"""One parser for the ways people write an address in a compound.

It turns `3栋2单元501`, `3-2-501`, `10#2-301`, `3号楼1门502`, `十栋二单元三零一`, `1棟1單元` and
`静园巷13号1单元103` into (street, building, unit, room), and finds the address inside a longer
message without taking a phone number, an amount or a parcel number for a room.
"""

import re
from dataclasses import asdict, dataclass

from lib.chinese import normalise


@dataclass(frozen=True)
class Address:
    street: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not (self.building or self.unit or self.room)

    @property
    def is_complete(self) -> bool:
        return bool(self.building and self.room)

    def __str__(self) -> str:
        parts = [self.street or ""]
        if self.building:
            parts.append(f"{self.building}栋")
        if self.unit:
            parts.append(f"{self.unit}单元")
        if self.room:
            parts.append(self.room)
        return "".join(parts)


STREET_SUFFIX = r"(?:大道|大街|胡同|路|街|巷|弄|里)"
# Words that often stand before a street name in a message but are never part of it.
LEADING_NOISE = set("我是在住家的们到从送请帮您你好，,。：: 　")

_BUILDING_MARK = r"(?:号楼|号栋|号幢|栋楼|栋|幢|座|#|＃)"
_UNIT_MARK = r"(?:单元|门|单)"
# A number followed by a unit of money, weight, count or time is not a room: 200元, 10:30, 3个.
_NOT_QUANTITY = (
    r"(?!\s*(?:元|块|斤|两|个|盒|箱|瓶|袋|包|份|支|片|粒|罐|桶|公斤|千克|克|毫升|升|kg|KG|Kg|g\b"
    r"|ml|mL|毛|角|岁|点|分钟|分|小时|天|周|人|次|:|：|\.\d|%|‰))"
)

# 静园巷13号1单元103 / 王牌路25号1单元503 / 延安路123弄5号301室: a street name, then a number.
STREET_FORM = re.compile(
    r"(?P<street>[\u4e00-\u9fff]{1,8}?" + STREET_SUFFIX + r"(?:\d+弄)?)\s*"
    r"(?P<building>\d{1,4}[A-Za-z]?)(?!\d)\s*(?:号楼|号院|号|栋|幢|#)"
    r"(?:\s*(?P<unit>\d{1,2})(?!\d)\s*" + _UNIT_MARK + r")?"
    r"(?:\s*(?:(?P<room>\d{2,4})(?!\d)" + _NOT_QUANTITY + r"(?:\s*(?:室|号|房))?))?"
)
# 10栋2单元301 / 10号楼2单元301室 / 3号楼1门502 / 4栋1单元 / 8号楼 / 3栋501
MARKED_FORM = re.compile(
    r"(?<![\d.])(?P<building>\d{1,4}[A-Za-z]?)(?!\d)\s*"
    + _BUILDING_MARK
    # The unit with its mark (2单元), or a dash before a room (7栋3-101, as 快团团's 楼号 and
    # 房号 columns read when joined).
    + r"(?:\s*[-—]?\s*(?P<unit>\d{1,2})(?!\d)\s*(?:"
    + _UNIT_MARK
    + r"|[-—](?=\s*\d{3,4}(?!\d))))?"
    r"(?:\s*[-—]?\s*(?P<room>\d{2,4})(?!\d)" + _NOT_QUANTITY + r"(?:\s*(?:室|号|房))?)?"
)
# A building written with 号 alone (3号1单元501) needs the unit that follows to be sure of it.
NUMBER_FORM = re.compile(
    r"(?<![\d.])(?P<building>\d{1,4})(?!\d)\s*号\s*(?P<unit>\d{1,2})(?!\d)\s*"
    + _UNIT_MARK
    + r"(?:\s*(?P<room>\d{2,4})(?!\d)"
    + _NOT_QUANTITY
    + r"(?:\s*(?:室|号|房))?)?"
)
# 10-2-301 / 10#2-301 / 10－2－301 / 10/2/301: three short groups, never part of a longer number.
DASH_FORM = re.compile(
    r"(?<![\d.¥$])(?P<building>\d{1,3})\s*[-#—/]\s*(?P<unit>\d{1,2})\s*[-—/]\s*"
    r"(?P<room>\d{3,4})(?![\d.])" + _NOT_QUANTITY
)
# 2单元501 with no building; 501室 alone.
UNIT_FORM = re.compile(
    r"(?<![\d.])(?P<unit>\d{1,2})(?!\d)\s*单元(?:\s*[-—]?\s*(?P<room>\d{2,4})(?!\d)"
    + _NOT_QUANTITY
    + r")?"
)
# 3-501: a building and a room, where there are no units to name.
PAIR_FORM = re.compile(
    r"(?<![\d.\-#/])(?P<building>\d{1,3})\s*-\s*(?P<room>\d{3,4})(?![\d.\-/])" + _NOT_QUANTITY
)
ROOM_FORM = re.compile(r"(?<![\d.])(?P<room>\d{3,4})(?!\d)\s*(?:室|房)")


# Words that end what comes before a street name: 送到|王牌路, 我是|静园巷, 家住|富民路.
STREET_LEAD = re.compile(r".*(?:送到|送至|送去|住在|家住|地址|位于|我是|我在|我家|到|在|是|住|址)")


def _clean_street(street: str) -> str | None:
    if len(street) > 4:
        lead = STREET_LEAD.match(street[:-2])
        if lead:
            street = street[lead.end() :]
    while street and street[0] in LEADING_NOISE:
        street = street[1:]
    # Half of a Chinese word before the street name cannot be detected reliably; a single
    # suffix character alone (路) is no street.
    return street if len(street) >= 2 else None


def _strip_room(room: str | None) -> str | None:
    if room is None:
        return None
    stripped = room.lstrip("0")
    return stripped or None


def _building(value: str) -> str:
    return value.upper().lstrip("0") or "0"


def parse_address(text: str) -> Address:
    """Find the first address in `text`. Parts not present are None."""
    return parse_normalised(normalise(text or ""))


def parse_normalised(norm: str) -> Address:
    """parse_address for text already through lib.chinese.normalise."""
    if not norm:
        return Address()
    candidates: list[tuple[int, Address]] = []

    for match in STREET_FORM.finditer(norm):
        street = _clean_street(match.group("street"))
        if street is None:
            continue
        candidates.append(
            (
                match.start(),
                Address(
                    street=street,
                    building=_building(match.group("building")),
                    unit=_strip_room(match.group("unit")),
                    room=_strip_room(match.group("room")),
                ),
            )
        )
        break
    for pattern in (MARKED_FORM, NUMBER_FORM, DASH_FORM):
        for match in pattern.finditer(norm):
            candidates.append(
                (
                    match.start(),
                    Address(
                        building=_building(match.group("building")),
                        unit=_strip_room(match.groupdict().get("unit")),
                        room=_strip_room(match.groupdict().get("room")),
                    ),
                )
            )
            break
    if not candidates:
        for match in UNIT_FORM.finditer(norm):
            candidates.append(
                (
                    match.start(),
                    Address(
                        unit=_strip_room(match.group("unit")), room=_strip_room(match.group("room"))
                    ),
                )
            )
            break
    if not candidates:
        for match in PAIR_FORM.finditer(norm):
            candidates.append(
                (
                    match.start(),
                    Address(
                        building=_building(match.group("building")),
                        room=_strip_room(match.group("room")),
                    ),
                )
            )
            break
    if not candidates:
        for match in ROOM_FORM.finditer(norm):
            candidates.append((match.start(), Address(room=_strip_room(match.group("room")))))
            break
    if not candidates:
        return Address()
    # The most complete reading wins; among equals, the one that comes first in the text.
    candidates.sort(key=lambda c: (-_score(c[1]), c[0]))
    return candidates[0][1]


def _score(address: Address) -> int:
    return sum(1 for part in (address.street, address.building, address.unit, address.room) if part)


def floor_of(room: str | None) -> int | None:
    """501 → 5, 1203 → 12. None when the room number does not say."""
    if not room or not room.isdecimal() or len(room) < 3:
        return None
    return int(room[:-2]) or None
