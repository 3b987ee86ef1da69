"""Printed labels and run sheets (Chinese embedded, so they print on any machine)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from linli import pdf
from logistics.models import Item
from logistics.run_sheet import RunSheet, describe_short


def item_label(item: Item) -> pdf.Label:
    household = item.household
    if household is not None:
        unit = household.unit
        headline = " ".join(
            part for part in (unit.building.label, f"{unit.number}单元" if unit.number else "",
                              household.room) if part
        )  # fmt: skip
    else:
        headline = _("unaddressed shelf")
    lines = [
        f"{item.get_kind_display()} ×{item.pieces}" if item.pieces > 1 else item.get_kind_display(),
        _("slot: %s") % item.slot_label,
    ]
    if item.sender:
        lines.append(_("from %s") % item.sender)
    if household is None and item.label_text:
        lines.append(item.label_text)
    # The QR holds only the code: a scan on the sorting screen finds the item, in scope.
    return pdf.Label(headline=headline, code=item.code, lines=lines, qr=f"LINLI:{item.code}")


def labels(items: Sequence[Item], *, one_per_page: bool = False) -> bytes:
    sheet = pdf.LABEL_100X70 if one_per_page else pdf.A4_SHEET
    return pdf.labels([item_label(i) for i in items], sheet, title=_("Labels"))


def run_sheet_pdf(sheet: RunSheet) -> bytes:
    """One table per staircase, rooms in climbing order, a box to tick at each door."""
    columns = [pdf.Column(_("Room"), 1), pdf.Column(_("Code"), 1.2), pdf.Column(_("What"), 3),
               pdf.Column(_("Slot"), 1.3)]  # fmt: skip
    sections = [
        pdf.Section(
            heading=staircase.unit,
            columns=columns,
            rows=[
                [stop.room, item.code, describe_short(item), item.slot_label]
                for stop in staircase.stops
                for item in stop.items
            ],
            note=_("%(n)s items") % {"n": staircase.item_count},
        )
        for staircase in sheet.staircases
    ]
    made = timezone.localtime(sheet.made_at)
    subtitle = [
        _("%(items)s items in %(climbs)s climbs: %(saved)s climbs saved against one per item.")
        % {"items": sheet.item_count, "climbs": sheet.climbs, "saved": sheet.climbs_saved},
    ]
    return pdf.table_document(
        _("%(building)s run sheet") % {"building": sheet.building.label},
        subtitle, sections, checkbox=True, footer=f"{made:%Y-%m-%d %H:%M}",
    )  # fmt: skip
