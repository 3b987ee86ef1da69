"""Reading a community roster from Excel or CSV, the way communities really keep them.

Title rows above the header, headers in many wordings, 楼号 and 单元 merged down many rows, a
whole address in one cell, Chinese and full-width numerals. This module only reads and
normalises; storing is the registry's job. Each row comes out as a `RosterRow` that either
carries a household address and a name, or the reason it was rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from lib import spreadsheet
from lib.address import parse_address
from lib.chinese import normalise, to_halfwidth
from lib.identity import normalise_phone, parse_id_number
from lib.spreadsheet import Limits, SpreadsheetError, cell_text

HEADER_SEARCH_ROWS = 10

# Field → the words rosters use for it (compared after dropping spaces, * and full-width forms).
HEADERS: dict[str, tuple[str, ...]] = {
    "building": ("楼栋", "楼号", "栋", "幢", "楼栋号", "栋号", "幢号", "楼", "楼宇", "楼座"),
    "unit": ("单元", "单元号", "门"),
    "room": ("房号", "房间号", "门牌号", "室", "房间", "户号", "室号"),
    "address": ("地址", "住址", "房屋", "家庭住址", "详细地址", "房屋地址", "现住址", "居住地址"),
    "name": ("姓名", "户主", "户主姓名", "居民姓名", "住户姓名", "名字"),
    "phone": ("电话", "手机", "联系电话", "手机号", "手机号码", "联系方式", "电话号码"),
    "id_number": ("身份证号", "身份证号码", "证件号码", "身份证", "证件号", "公民身份号码"),
    "tags": ("标签", "重点人群", "特殊人群", "人员类别", "人群类别", "重点人员"),
    "notes": ("备注", "说明"),
    "relation": ("与户主关系", "关系", "与户主的关系"),
}
HEADER_LOOKUP = {word: name for name, words in HEADERS.items() for word in words}
FIELD_LABELS = {
    "building": "楼栋",
    "unit": "单元",
    "room": "房号",
    "address": "地址",
    "name": "姓名",
    "phone": "电话",
    "id_number": "身份证号",
    "tags": "标签",
    "notes": "备注",
    "relation": "与户主关系",
}


class RosterError(SpreadsheetError):
    """The file as a whole cannot be read: a person can act on the message."""


@dataclass
class FieldWarning:
    row: int
    column: str
    value: str
    message: str


@dataclass
class RosterRow:
    number: int  # the row number a person sees in the spreadsheet (1-based)
    raw: list[str]
    street: str | None = None
    building: str | None = None
    unit: str = ""
    room: str | None = None
    name: str = ""
    phone: str | None = None
    id_number: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    tags: str = ""
    notes: str = ""
    relation: str = ""
    rejected: str | None = None
    warnings: list[FieldWarning] = field(default_factory=list)

    @property
    def household_key(self) -> tuple[str, str, str]:
        assert self.building is not None and self.room is not None
        return (self.building, self.unit, self.room)


def _header_word(text: str) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", to_halfwidth(text))


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The index of the header row among the first rows, and field → column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = HEADER_LOOKUP.get(_header_word(value))
            if name and name not in columns:
                columns[name] = col
        has_place = {"room", "address"} & columns.keys()
        if "name" in columns and has_place:
            return index, columns
    raise RosterError(
        "在前10行中找不到表头：需要“姓名”以及“房号”或“地址”列"
        " (no header row in the first 10 rows: a name column and a room or address column)"
    )


# --- reading files -------------------------------------------------------------------------


def read_rows(path: Path, limits: Limits | None = None) -> Iterator[list[str]]:
    """The rows of the first sheet, within the limits; any reading error is a RosterError."""
    try:
        rows = spreadsheet.read_rows(path, limits)
        yield from rows
    except RosterError:
        raise
    except SpreadsheetError as exc:
        raise RosterError(str(exc)) from exc


# --- normalising rows ------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _building_from_cell(text: str) -> tuple[str | None, str | None]:
    """(street, building) from a 楼栋 cell: '10', '10栋', '十号楼', '静园巷13号', 'A座'."""
    norm = normalise(text).strip()
    if re.fullmatch(r"[A-Za-z0-9]{1,6}", norm):
        return None, norm.upper().lstrip("0") or "0"
    address = parse_address(norm if re.search(r"\D", norm[-1:]) else norm + "栋")
    if address.building:
        return address.street, address.building
    match = re.fullmatch(r"([A-Za-z0-9]{1,6})\s*(?:号|楼|栋|幢|座)?", norm)
    if match:
        return None, match.group(1).upper()
    return None, None


@lru_cache(maxsize=1024)
def _unit_from_cell(text: str) -> str | None:
    norm = normalise(text).strip()
    match = re.fullmatch(r"0*(\d{1,3}|[A-Za-z])\s*(?:单元|单|门)?", norm)
    return match.group(1).upper() if match else None


@lru_cache(maxsize=8192)
def _room_from_cell(text: str) -> str | None:
    norm = normalise(text).strip()
    match = re.fullmatch(r"0*(\d{1,5}[A-Za-z]?)\s*(?:室|号|房)?", norm)
    return match.group(1).upper() if match else None


CHINESE_NAME = re.compile(r"[\u4e00-\u9fff·\s]+")


def _clean_name(text: str) -> str:
    name = to_halfwidth(text).strip()
    if name.isalpha() or not name:
        return name
    # 张 三 → 张三: spaces inside a Chinese name are typing artefacts; 'Li Na' keeps its space.
    if CHINESE_NAME.fullmatch(name):
        name = re.sub(r"\s+", "", name)
    return re.sub(r"\s+", " ", name)


def normalise_row(number: int, cells: list[str], columns: dict[str, int]) -> RosterRow:
    width = len(cells)
    values = {name: cells[col].strip() for name, col in columns.items() if col < width}

    def get(name: str) -> str:
        return values.get(name, "")

    row = RosterRow(number=number, raw=cells)
    street = building = room = None
    unit: str | None = None

    if text := get("address"):
        address = parse_address(text)
        street, building, unit, room = (
            address.street,
            address.building,
            address.unit,
            address.room,
        )
    if text := get("building"):
        cell_street, cell_building = _building_from_cell(text)
        building = cell_building or building
        street = cell_street or street
    if text := get("unit"):
        unit = _unit_from_cell(text) or unit
    if text := get("room"):
        room_only = _room_from_cell(text)
        if room_only:
            room = room_only
        else:
            # A whole address in the room column: 3-2-501 or 3栋2单元501.
            address = parse_address(text)
            if address.room:
                room = address.room
                building = building or address.building
                unit = unit or address.unit
                street = street or address.street

    row.street, row.building, row.unit, row.room = street, building, unit or "", room
    row.name = _clean_name(get("name"))

    if not building or not room:
        where = " ".join(
            f"{FIELD_LABELS[f]}={get(f)!r}"
            for f in ("address", "building", "unit", "room")
            if f in columns
        )
        missing = "楼栋" if not building else "房号"
        row.rejected = f"无法确定住址：缺少{missing}（{where}）"
        return row
    if not row.name:
        row.rejected = "姓名为空"
        return row

    if text := get("phone"):
        phone = normalise_phone(text)
        if phone:
            row.phone = phone
        else:
            row.warnings.append(
                FieldWarning(
                    number,
                    FIELD_LABELS["phone"],
                    text,
                    "电话号码无效，已留空",
                )
            )
    if text := get("id_number"):
        parsed = parse_id_number(text)
        if parsed:
            row.id_number, row.sex, row.birth_date = parsed.value, parsed.sex, parsed.birth_date
        else:
            row.warnings.append(
                FieldWarning(
                    number,
                    FIELD_LABELS["id_number"],
                    text,
                    "身份证号无效（位数、出生日期或校验位不对），已留空"
                    " (invalid ID number, left empty)",
                )
            )
    row.tags = get("tags")
    row.notes = get("notes")
    row.relation = get("relation")
    return row


def read_roster(path: Path, limits: Limits | None = None) -> tuple[list[str], Iterator[RosterRow]]:
    """The header row, and the data rows below it (blank rows skipped)."""
    rows = read_rows(path, limits)
    head: list[list[str]] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header_index, columns = find_header(head)
    header = head[header_index]

    def data() -> Iterator[RosterRow]:
        number = header_index + 1
        for cells in head[header_index + 1 :]:
            number += 1
            if any(cells):
                yield normalise_row(number, cells, columns)
        for cells in rows:
            number += 1
            if any(cells):
                yield normalise_row(number, cells, columns)

    return header, data()


__all__ = ["FieldWarning", "Limits", "RosterError", "RosterRow", "cell_text", "read_roster"]
