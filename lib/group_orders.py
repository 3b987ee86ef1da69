"""Reading the orders residents placed in the group-buy apps: 快团团 and 群接龙 exports.

A 快团团 export has a row per item line (下单人, 跟团号, 商品, 规格, 数量, 商品金额, 运费, 优惠,
订单金额, … 收货人, 联系电话, 详细地址, 团长, 房号, 楼号, 弄号, 支付状态); an order's lines span
several rows, its order-level cells merged or left blank below the first. A 群接龙 export has a
row per order (收货人, 联系电话, 订单总金额, 支付状态, 收货地址, 订购数量) and a totals row (合计).
Columns are found by name in the first rows, not by position. Nothing here knows households:
matching an address to one is the caller's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lib import spreadsheet
from lib.chinese import to_halfwidth
from lib.spreadsheet import Limits, SpreadsheetError

HEADER_SEARCH_ROWS = 10
MAX_ERRORS_SHOWN = 20

HEADERS: dict[str, tuple[str, ...]] = {
    "order_no": ("跟团号", "订单号", "订单编号", "接龙号", "序号"),
    "buyer": ("下单人", "微信昵称", "昵称"),
    "name": ("收货人", "收件人", "收货人姓名"),
    "phone": ("联系电话", "收货人电话", "手机号", "手机", "电话"),
    "address": ("详细地址", "收货地址", "地址"),
    "building": ("楼号", "楼栋"),
    "room": ("房号", "门牌号"),
    "lane": ("弄号",),
    "unit": ("单元", "单元号"),
    "goods": ("商品", "商品名称", "商品名"),
    "spec": ("规格", "商品规格"),
    "quantity": ("数量", "订购数量", "购买数量"),
    "line_amount": ("商品金额",),
    "fee": ("运费",),
    "discount": ("优惠", "优惠金额"),
    "amount": ("订单金额", "订单总金额", "实付金额", "应付金额"),
    "refund": ("退款金额",),
    "paid": ("支付状态",),
    "note": ("团员备注", "备注"),
}  # fmt: skip
LOOKUP = {word: name for name, words in HEADERS.items() for word in words}
ORDER_LEVEL = ("order_no", "buyer", "name", "phone", "address", "amount")
TOTALS = {"合计", "总计", "合计:", "总合计", "汇总"}


class GroupOrderError(SpreadsheetError):
    """The export as a whole cannot be taken: the message says why, by row and cell."""


@dataclass
class OrderLine:
    goods: str
    spec: str
    quantity: Decimal
    amount: Decimal | None  # 商品金额, where exported


@dataclass
class GroupOrder:
    key: str  # 跟团号, or the first row's number where the export has none
    rows: list[int]  # spreadsheet rows (1-based) that make it
    buyer: str = ""
    name: str = ""
    phone: str = ""
    where: str = ""  # 楼号-单元-房号 from their own columns, else the address cell
    address: str = ""
    amount: Decimal = Decimal(0)
    paid: str = ""
    note: str = ""
    lines: list[OrderLine] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.address, self.where, self.name, self.phone) if part)


@dataclass
class Export:
    app: str  # "快团团" or "群接龙"
    header: list[str]
    rows_read: int
    orders: list[GroupOrder]


def _word(text: str) -> str:
    return re.sub(r"[\s*＊:：()（）]", "", to_halfwidth(text))


def find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns: dict[str, int] = {}
        for col, value in enumerate(row):
            name = LOOKUP.get(_word(value))
            if name and name not in columns:
                columns[name] = col
        who = {"name", "buyer", "phone"} & columns.keys()
        where = {"address", "room"} & columns.keys()
        money = {"amount", "line_amount"} & columns.keys()
        if who and where and money:
            return index, columns
    raise GroupOrderError(
        "不认识这张表的列：快团团导出需要“收货人”“详细地址”（或“房号”）“订单金额”，"
        "群接龙导出需要“收货人”“收货地址”“订单总金额”。请上传应用导出的原始表格。"
    )


def amount_of(text: str) -> Decimal | None:
    """¥1,234.50, 12.5元, -3 → Decimal; None when it is not a number."""
    cleaned = re.sub(r"[¥￥元,，\s]", "", to_halfwidth(text))
    if not cleaned:
        return Decimal(0)
    if not re.fullmatch(r"-?\d{1,9}(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern allows only numbers
        return None


def quantity_of(text: str) -> Decimal | None:
    cleaned = re.sub(r"\s|份|个|件|箱|盒|袋|斤|公斤|x|×|X", "", to_halfwidth(text))
    if not cleaned:
        return Decimal(1)
    if not re.fullmatch(r"\d{1,6}(\.\d{1,3})?", cleaned):
        return None
    return Decimal(cleaned)


def _is_totals(cells: list[str]) -> bool:
    return any(_word(cell) in TOTALS for cell in cells[:3] if cell)


def read_group_orders(path: Path, limits: Limits | None = None) -> Export:
    """The export's orders, every cell checked; an amount that is not a number refuses the file."""
    rows = spreadsheet.read_rows(path, limits)
    head: list[list[str]] = []
    for cells in rows:
        head.append(cells)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    index, columns = find_header(head)
    app = "快团团" if "goods" in columns else "群接龙"
    header = head[index]

    def data() -> Iterator[tuple[int, list[str]]]:
        number = index + 1
        for cells in [*head[index + 1 :], *rows]:
            number += 1
            yield number, cells

    def get(cells: list[str], name: str) -> str:
        col = columns.get(name)
        return cells[col].strip() if col is not None and col < len(cells) else ""

    orders: list[GroupOrder] = []
    errors: list[str] = []
    rows_read = 0
    previous: tuple[str, ...] | None = None
    for number, cells in data():
        if not any(cell.strip() for cell in cells):
            continue
        if _is_totals(cells):
            continue
        rows_read += 1
        level = tuple(get(cells, name) for name in ORDER_LEVEL)
        key = get(cells, "order_no")
        if (
            app == "快团团"
            and orders
            and previous is not None
            and (
                (key and key == orders[-1].key)
                or (not key and all(not v or v == p for v, p in zip(level, previous, strict=True)))
            )
        ):
            order = orders[-1]  # another line of the same order
            order.rows.append(number)
        else:
            order = GroupOrder(key=key or f"第{number}行", rows=[number])
            order.buyer, order.name = get(cells, "buyer")[:50], get(cells, "name")[:50]
            order.phone, order.address = get(cells, "phone")[:30], get(cells, "address")[:200]
            order.paid, order.note = get(cells, "paid")[:20], get(cells, "note")[:200]
            parts = [get(cells, n) for n in ("lane", "building", "unit", "room")]
            if get(cells, "room"):
                order.where = "-".join(p for p in parts[1:] if p)
            amount_cell = get(cells, "amount")
            amount = amount_of(amount_cell)
            if amount is None or amount < 0:
                errors.append(f"第{number}行“{header[columns['amount']]}”：“{amount_cell}”不是金额")
            else:
                order.amount = amount
            orders.append(order)
        previous = level if any(level) else previous
        quantity_cell = get(cells, "quantity")
        quantity = quantity_of(quantity_cell)
        if quantity is None:
            errors.append(f"第{number}行“数量”：“{quantity_cell}”不是数量")
            continue
        line_cell = get(cells, "line_amount")
        line_amount = amount_of(line_cell) if "line_amount" in columns else None
        if "line_amount" in columns and (line_amount is None or line_amount < 0):
            errors.append(f"第{number}行“商品金额”：“{line_cell}”不是金额")
            continue
        goods = get(cells, "goods") or "接龙订购"
        order.lines.append(OrderLine(goods[:100], get(cells, "spec")[:100], quantity, line_amount))
    if "amount" not in columns:  # only 商品金额: the order's amount is its lines'
        for order in orders:
            order.amount = sum((line.amount or Decimal(0) for line in order.lines), Decimal(0))
    if errors:
        shown = "；".join(errors[:MAX_ERRORS_SHOWN])
        more = (
            f"（另有 {len(errors) - MAX_ERRORS_SHOWN} 处）"
            if len(errors) > MAX_ERRORS_SHOWN
            else ""
        )
        raise GroupOrderError(f"表格中有不是数字的金额或数量，未导入任何订单：{shown}{more}")
    if not orders:
        raise GroupOrderError("表头下面没有订单")
    return Export(app=app, header=header, rows_read=rows_read, orders=orders)
