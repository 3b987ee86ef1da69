"""What leaves an offer: the chat-group texts, the supplier's order sheet, the pick lists and
the batch the gate receives. The live list shows building and room only, never names or phones.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from accounts.models import User
from groupbuy.actions import item_key
from groupbuy.models import Offer, OfferItem, SignUp, SignUpLine, from_milli, plain, yuan
from ledger.balances import credits
from lib.consignment import ConsignmentRow
from linli import pdf
from logistics.actions import BatchResult, receive_batch
from logistics.models import Kind
from registry.models import building_sort_key


def _qty(milli: int, unit: str) -> str:
    return f"{from_milli(milli)}{unit}"


def _goods(lines: list[SignUpLine]) -> str:
    return "，".join(
        f"{line.item.name}×{_qty(line.received_milli, line.item.unit)}" for line in lines
    )


def offer_text(offer: Offer, link_hint: str = "") -> str:
    """The offer, ready to paste into each building's chat group."""
    cutoff = timezone.localtime(offer.cutoff_at)
    lines = [f"【团购】{offer.title}", f"供应商：{offer.supplier}"]
    for number, item in enumerate(offer.items.all(), 1):
        extra = []
        if item.limit_milli is not None:
            extra.append(f"每户限{item.limit}{item.unit}")
        if item.stock_milli is not None:
            extra.append(f"限量{item.stock}{item.unit}")
        spec = f"（{item.spec}）" if item.spec else ""
        tail = f"，{'，'.join(extra)}" if extra else ""
        lines.append(f"{number}. {item.name}{spec} {item.price_label()}{tail}")
    if offer.minimum_kind == Offer.Minimum.SHARES:
        lines.append(f"满{plain(offer.minimum)}份成团")
    elif offer.minimum_kind == Offer.Minimum.AMOUNT:
        lines.append(f"满¥{offer.minimum}成团")
    if offer.fee:
        split = {"household": "每户平摊", "share": "按份数分摊", "amount": "按金额分摊"}
        lines.append(f"运费¥{offer.fee}，{split[offer.fee_split]}")
    lines.append(f"截单：{cutoff:%m月%d日 %H:%M}")
    if offer.delivery_on:
        lines.append(f"预计到货：{offer.delivery_on:%m月%d日}，放门岗按楼分发")
    if offer.buildings:
        lines.append(f"仅限：{offer.buildings}")
    if offer.notes:
        lines.append(offer.notes)
    lines.append("报名：打开您家的专属链接点“团购”；没有智能手机的，请楼长或志愿者代报。")
    if link_hint:
        lines.append(link_hint)
    return "\n".join(lines)


def live_lines(
    offer: Offer, signups: QuerySet[SignUp] | None = None
) -> list[tuple[int, SignUp, list[SignUpLine]]]:
    signups = (
        (offer.signups.all() if signups is None else signups)
        .filter(cancelled=False)
        .select_related("household__unit__building")
        .prefetch_related("lines__item")
    )
    return [(number, s, list(s.lines.all())) for number, s in enumerate(signups, 1)]


def list_text(offer: Offer, signups: QuerySet[SignUp] | None = None) -> str:
    """The live list (接龙) as the chat groups are used to: one numbered line per household.

    `signups`: those the reader may see (a building's volunteer pastes their building's)."""
    lines = [f"【接龙】{offer.title}（截单 {timezone.localtime(offer.cutoff_at):%m-%d %H:%M}）"]
    for number, signup, items in live_lines(offer, signups):
        what = " ".join(f"{line.item.name}×{line.quantity}" for line in items)
        late = "（补报）" if signup.late_reason else ""
        lines.append(f"{number}. {signup.household.address} {what}{late}")
    return "\n".join(lines)


@dataclass
class OrderLine:
    item: OfferItem
    cases: int
    milli: int
    by_compound: dict[str, int]

    @property
    def amount(self) -> Decimal:
        return yuan(from_milli(self.milli) * self.item.price)

    @property
    def per_compound(self) -> list[tuple[str, Decimal]]:
        return [(name, from_milli(milli)) for name, milli in sorted(self.by_compound.items())]


def order_lines(offer: Offer) -> list[OrderLine]:
    """The supplier's order: the merged order's totals, per compound, never per household."""
    siblings = list(offer.siblings().select_related("compound"))
    lines = SignUpLine.objects.filter(
        signup__offer__in=siblings, signup__cancelled=False, allocated_milli__gt=0
    ).select_related("item", "signup__offer__compound")
    totals: dict[tuple[str, str, str], OrderLine] = {}
    for item in offer.items.all():
        totals[item_key(item)] = OrderLine(item, 0, 0, defaultdict(int))
    for line in lines:
        order = totals.get(item_key(line.item))
        if order is None:
            continue
        order.milli += line.allocated_milli or 0
        order.by_compound[line.signup.offer.compound.name] += line.allocated_milli or 0
    for order in totals.values():
        if order.item.case_size > 1:
            order.cases = order.milli // (order.item.case_size * 1000)
    return [order for order in totals.values() if order.milli]


def order_sheet_xlsx(offer: Offer) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "订货单"
    compounds = sorted({o.compound.name for o in offer.siblings().select_related("compound")})
    sheet.append([f"{offer.supplier} 订货单：{offer.title}"])
    sheet.append(["商品", "规格", "单位", "单价", "箱数", "数量", "金额", *compounds])
    sheet["A1"].font = Font(bold=True, size=14)
    total = Decimal(0)
    for order in order_lines(offer):
        total += order.amount
        sheet.append([
            order.item.name, order.item.spec, order.item.unit, float(order.item.price),
            order.cases or "", float(from_milli(order.milli)), float(order.amount),
            *[float(from_milli(order.by_compound.get(name, 0))) for name in compounds],
        ])  # fmt: skip
    sheet.append(["合计", "", "", "", "", "", float(total)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def order_sheet_pdf(offer: Offer, user: User) -> bytes:
    compounds = sorted({o.compound.name for o in offer.siblings().select_related("compound")})
    rows = []
    total = Decimal(0)
    for order in order_lines(offer):
        total += order.amount
        rows.append([
            f"{order.item.name} {order.item.spec}".strip(), order.item.price_label(),
            str(order.cases or ""), _qty(order.milli, order.item.unit), f"¥{order.amount}",
            "；".join(f"{name} {from_milli(order.by_compound.get(name, 0))}" for name in compounds),
        ])  # fmt: skip
    section = pdf.Section(
        heading=f"{offer.supplier}：{offer.title}",
        columns=[pdf.Column("商品", 2), "单价", "箱数", "数量", "金额", pdf.Column("各小区", 2)],
        rows=rows, note=f"合计 ¥{total}；{'、'.join(compounds)}",
    )  # fmt: skip
    return pdf.table_document(
        "团购订货单", [f"截单 {timezone.localtime(offer.cutoff_at):%Y-%m-%d %H:%M}"], [section],
        footer=f"{user.name} {timezone.localtime():%Y-%m-%d %H:%M}",
    )  # fmt: skip


def pick_lists(
    offer: Offer, signups: QuerySet[SignUp] | None = None
) -> dict[str, list[tuple[SignUp, list[SignUpLine]]]]:
    """Building label → its households in room order with what each gets: one sheet each."""
    buildings: dict[str, list[tuple[SignUp, list[SignUpLine]]]] = defaultdict(list)
    signups = (
        (offer.signups.all() if signups is None else signups)
        .filter(cancelled=False)
        .select_related("household__unit__building")
        .prefetch_related("lines__item")
    )

    # Buildings in the order people walk them (2栋 before 10栋), not as text sorts them.
    def walk_order(signup: SignUp) -> tuple[object, ...]:
        unit = signup.household.unit
        return (building_sort_key(unit.building.number), building_sort_key(unit.number),
                signup.household.floor or 0, signup.household.room)  # fmt: skip

    for signup in sorted(signups, key=walk_order):
        lines = [line for line in signup.lines.all() if line.received_milli]
        if lines:
            buildings[signup.household.unit.building.label].append((signup, lines))
    return dict(buildings)


def pick_lists_pdf(offer: Offer, user: User, signups: QuerySet[SignUp] | None = None) -> bytes:
    sections = []
    credited = credits(offer.topic)  # the amount is for the goods that came, as the ledger has it
    for building, households in pick_lists(offer, signups).items():
        rows = [
            [signup.household.address,
             _goods(lines),
             f"¥{(signup.charged or 0) - credited.get(signup.household_id, 0)}"]
            for signup, lines in households
        ]  # fmt: skip
        totals: dict[str, int] = defaultdict(int)
        for _signup, lines in households:
            for line in lines:
                totals[f"{line.item.name}（{line.item.unit}）"] += line.received_milli
        note = "；".join(f"{name} {from_milli(milli)}" for name, milli in totals.items())
        sections.append(pdf.Section(
            heading=f"{building}（{len(households)}户）",
            columns=[pdf.Column("房号", 1.3), pdf.Column("分拣", 3), "金额"], rows=rows, note=note,
        ))  # fmt: skip
    return pdf.table_document(
        f"分拣单：{offer.title}", [f"{offer.compound.name} · {offer.supplier}"], sections,
        checkbox=True, footer=f"{user.name} {timezone.localtime():%Y-%m-%d %H:%M}",
    )  # fmt: skip


def to_gate(offer: Offer, user: User) -> BatchResult:
    """The goods arrived: one gate item per household, sorted by grid and slot like any batch."""
    rows: list[ConsignmentRow] = []
    for households in pick_lists(offer).values():
        for signup, lines in households:
            goods = _goods(lines)
            where = signup.household.address
            rows.append(ConsignmentRow(
                number=len(rows) + 1, raw=[where, goods], label=f"{where} 团购：{goods}"[:300],
                where=where, goods=f"团购 {offer.title}"[:100], notes=goods[:200],
            ))  # fmt: skip
    result = receive_batch(
        user=user, compound=offer.compound, rows=rows, kind=Kind.GROUP_BUY,
        source_name=offer.supplier, reference=f"团购{offer.pk}", file_name=offer.title,
    )  # fmt: skip
    Offer.objects.filter(pk=offer.pk, status=Offer.Status.CONFIRMED).update(
        status=Offer.Status.DELIVERED
    )
    return result
