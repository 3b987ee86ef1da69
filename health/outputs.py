"""What leaves a round: the printable missed list, and the xlsx the street office asks for.

The export has one row per resident tested (tube code, time, sampler) and a per-building summary;
like every health page it carries no ID numbers.
"""

from __future__ import annotations

import io

from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from accounts.models import User
from health import board
from health.models import RosterEntry, TestRound
from lib.identity import mask_phone
from linli import pdf


def contact(entry: RosterEntry, phones: bool) -> str:
    """The resident's phone, else the household's; in full only for roles that may see it."""
    phone = entry.resident.phone or entry.household.contact_phone
    return (phone if phones else mask_phone(phone)) if phone else ""


def proxy(entry: RosterEntry, phones: bool) -> str:
    household = entry.household
    if not household.proxy_name and not household.proxy_phone:
        return ""
    phone = household.proxy_phone if phones else mask_phone(household.proxy_phone)
    return f"{household.proxy_name} {phone}".strip()


def missed_pdf(round: TestRound, entries: list[RosterEntry], *, phones: bool, by: User) -> bytes:
    """The missed list on paper, building by building in stair order, with a box to tick."""
    sections = []
    current: list[list[str]] = []
    heading = ""
    for entry in board.stair_order(entries):
        place = str(entry.building)
        if place != heading:
            if current:
                sections.append(pdf.Section(heading=heading, columns=COLUMNS, rows=current))
            heading, current = place, []
        current.append(
            [
                entry.household.address,
                entry.resident.name,
                contact(entry, phones),
                proxy(entry, phones),
                entry.get_state_display() + (f"：{entry.reason}" if entry.reason else ""),
                "上门" if entry.door_to_door else "",
            ]
        )
    if current:
        sections.append(pdf.Section(heading=heading, columns=COLUMNS, rows=current))
    if not sections:
        sections.append(
            pdf.Section(heading="", columns=COLUMNS, rows=[["", "无漏检", "", "", "", ""]])
        )
    return pdf.table_document(
        f"{round.compound} {round.name} 漏检名单",
        [f"{round.day:%Y-%m-%d} · 共 {len(entries)} 人"],
        sections,
        checkbox=True,
        footer=f"{by.name} {timezone.localtime():%Y-%m-%d %H:%M}",
    )


COLUMNS: list[pdf.Column | str] = [
    "房号",
    "姓名",
    "电话",
    "代联系人",
    pdf.Column("情况", 2),
    "上门",
]


def round_xlsx(round: TestRound, within: Q, *, by: User) -> bytes:
    """Sheet 1: one row per resident tested. Sheet 2: expected, tested, missed per building."""
    workbook = Workbook(write_only=True)
    tested = workbook.create_sheet("已检测")
    tested.append(
        [
            "楼栋",
            "单元",
            "房号",
            "姓名",
            "试管编码",
            "采样点",
            "采样时间",
            "采样人",
            "当天补录",
            "复检",
        ]
    )
    rows = (
        RosterEntry.objects.filter(round=round, state=RosterEntry.State.TESTED)
        .filter(within)
        .select_related("resident", "household", "building", "unit", "tube__point", "checked_in_by")
        .order_by("building__number", "unit__number", "household__room", "pk")
    )
    for entry in rows.iterator(chunk_size=2000):
        at = (
            timezone.localtime(entry.checked_in_at).strftime("%Y-%m-%d %H:%M:%S")
            if entry.checked_in_at
            else ""
        )
        tested.append(
            [
                entry.building.number,
                entry.unit.number,
                entry.household.room,
                entry.resident.name,
                entry.tube.code if entry.tube else "",
                str(entry.tube.point) if entry.tube else "",
                at,
                entry.checked_in_by.name if entry.checked_in_by else "",
                "是" if entry.added_on_the_day else "",
                "是" if entry.retest else "",
            ]
        )
    summary = workbook.create_sheet("楼栋汇总")
    summary.append(["楼栋", "应检", "已检", "未检", "拒检", "联系不上", "不参加", "上门"])
    total, buildings = board.tallies(round, within)
    for tally in buildings:
        summary.append(
            [
                str(tally.place),
                tally.expected,
                tally.tested,
                tally.missing,
                tally.refused,
                tally.unreachable,
                tally.excluded,
                tally.door,
            ]
        )
    summary.append(
        [
            "合计",
            total.expected,
            total.tested,
            total.missing,
            total.refused,
            total.unreachable,
            total.excluded,
            total.door,
        ]
    )
    summary.append(
        [
            f"{round.compound} {round.name} {round.day:%Y-%m-%d}，{by.name} 导出于 "
            f"{timezone.localtime():%Y-%m-%d %H:%M}"
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
