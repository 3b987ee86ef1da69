"""Reading a consignment list: one row per household's goods, from a van, a shop or a group buy.

Columns come in many wordings (收件人/收货人/姓名, 电话/手机/联系电话, 地址/收货地址/详细地址 or
楼号/楼栋 + 单元 + 房号, 件数/数量, 品类/类别/商品, 备注). Pasted lines are read the same way: each
line is a label. This module only reads; which household a row is for is the gate's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lib import spreadsheet
from lib.chinese import normalise, to_halfwidth
from lib.spreadsheet import Limits, SpreadsheetError

HEADER_SEARCH_ROWS = 10
MAX_PIECES = 999

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("收件人", "收货人", "姓名", "收件人姓名", "收货人姓名", "客户", "客户姓名", "联系人"),
    "phone": ("电话", "手机", "联系电话", "手机号", "手机号码", "收货人电话", "收件人电话",
              "收货人手机", "联系方式", "电话号码"),
    "address": ("地址", "收货地址", "详细地址", "收件地址", "送货地址", "配送地址", "住址"),
    "building": ("楼号", "楼栋", "栋", "楼栋号", "栋号", "楼", "幢"),
    "unit": ("单元", "单元号"),
    "room": ("房号", "房间号", "门牌号", "室", "户号"),
    "pieces": ("件数", "数量", "份数", "箱数", "包数"),
    "goods": ("品类", "类别", "商品", "商品名称", "物品", "品名", "货品"),
    "notes": ("备注", "说明", "留言"),
    "reference": ("单号", "订单号", "运单号", "快递单号"),
}  # fmt: skip
HEADER_LOOKUP = {word: name for name, words in HEADERS.items() for word in words}


class ConsignmentError(SpreadsheetError):
    """The list as a whole cannot be read: the message says what to do."""


@dataclass
class ConsignmentRow:
    number: int  # the row a person sees in the spreadsheet, or the pasted line (1-based)
    raw: list[str]
    label: str = ""  # what a label would say: the whole row joined, for the shelf
    name: str = ""
    phone: str = ""
    where: str = ""  # building-unit-room from their own columns, or the address cell
    pieces: int = 1
    goods: str = ""
    notes: str = ""
    reference: str = ""
    rejected: str = ""


def _word(text: str) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", to_halfwidth(text))


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header row among the first rows, and field → column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = HEADER_LOOKUP.get(_word(value))
            if name and name not in columns:
                columns[name] = col
        places = {"address", "room", "name", "phone"} & columns.keys()
        if places and len(columns) >= 2:
            return index, columns
    raise ConsignmentError(
        "在前10行中找不到表头：需要“收件人”“电话”“地址”（或“楼号”“单元”“房号”）中的至少两列"
    )


def _pieces(text: str) -> int | None:
    text = normalise(text).strip()
    if not text:
        return 1
    match = re.fullmatch(r"(\d{1,6})(?:\.0+)?\s*(?:件|个|份|箱|包|袋|盒)?", text)
    return int(match.group(1)) if match else None


def row_from_cells(number: int, cells: list[str], columns: dict[str, int]) -> ConsignmentRow:
    def get(name: str) -> str:
        col = columns.get(name)
        return cells[col].strip() if col is not None and col < len(cells) else ""

    row = ConsignmentRow(number=number, raw=cells)
    row.name, row.phone = get("name")[:50], get("phone")[:30]
    row.goods, row.notes, row.reference = get("goods")[:100], get("notes")[:200], get("reference")
    if get("address"):
        row.where = get("address")[:200]
    elif get("room"):
        row.where = "-".join(part for part in (get("building"), get("unit"), get("room")) if part)
    row.label = " ".join(cell for cell in cells if cell)[:300]
    pieces = _pieces(get("pieces"))
    if pieces is None or not 1 <= pieces <= MAX_PIECES:
        row.rejected = f"件数“{get('pieces')}”不是 1 到 {MAX_PIECES} 之间的整数"
    elif not (row.where or row.name or row.phone):
        row.rejected = "没有收件人、电话或地址：无法派送"
    else:
        row.pieces = pieces
    return row


def read_consignment(
    path: Path, limits: Limits | None = None
) -> tuple[list[str], Iterator[ConsignmentRow]]:
    """The header row and the data rows below it (blank rows skipped)."""
    rows = spreadsheet.read_rows(path, limits)
    head: list[list[str]] = []
    for cells in rows:
        head.append(cells)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    index, columns = find_header(head)

    def data() -> Iterator[ConsignmentRow]:
        number = index + 1
        for cells in head[index + 1 :]:
            number += 1
            if any(cells):
                yield row_from_cells(number, cells, columns)
        for cells in rows:
            number += 1
            if any(cells):
                yield row_from_cells(number, cells, columns)

    return head[index], data()


def read_lines(text: str, max_lines: int = 5_000) -> list[ConsignmentRow]:
    """Pasted lines, one label each: 10栋2单元301 张三 5678 2件."""
    rows = []
    for number, line in enumerate(text.splitlines()[:max_lines], start=1):
        line = line.strip()[:300]
        if not line:
            continue
        row = ConsignmentRow(number=number, raw=[line], label=line)
        if match := re.search(r"(\d{1,3})\s*(?:件|份|箱|包|袋)(?!\d)", normalise(line)):
            row.pieces = int(match.group(1)) or 1
        rows.append(row)
    return rows
