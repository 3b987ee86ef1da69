"""lib.pdf with the font from settings: what views and actions call to make a PDF."""

from collections.abc import Sequence

from django.conf import settings

from lib import pdf
from lib.pdf import A4_SHEET, LABEL_100X70, Column, Label, LabelSheet, Section

__all__ = ["A4_SHEET", "LABEL_100X70", "Column", "Label", "LabelSheet", "Section", "labels",
           "table_document"]  # fmt: skip


def labels(items: Sequence[Label], sheet: LabelSheet = A4_SHEET, *, title: str = "标签") -> bytes:
    return pdf.labels(items, sheet, title=title, font=settings.LINLI_PDF_FONT)


def table_document(
    title: str,
    subtitle_lines: Sequence[str] = (),
    sections: Sequence[Section] = (),
    *,
    checkbox: bool = False,
    footer: str = "",
) -> bytes:
    return pdf.table_document(
        title, subtitle_lines, sections, checkbox=checkbox, footer=footer,
        font=settings.LINLI_PDF_FONT,
    )  # fmt: skip
