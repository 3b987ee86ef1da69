"""PDFs people print: labels with a QR code, and table documents (run sheets, pick lists).

Every PDF Linli makes goes through here, so Chinese always prints: the font is WenQuanYi Zen
Hei from Debian's fonts-wqy-zenhei, embedded as a subset (reportlab embeds every TrueType font
it draws with), so the file shows the same on a phone that has no Chinese font. A missing font
is an error that names the package, never a fallback to Helvetica, which prints empty boxes.

    pdf = labels([Label(code="G-0042", headline="10栋 2单元 301", lines=["蔬菜包", "14:00-15:00"],
                        qr="https://linli.example/g/42")])
    unit = Section("1单元", ["房号", "物品"], [["101", "蔬菜包 × 2"]])
    pdf = table_document("3栋配送单", ["2022-04-12 第 2 批"], [unit], checkbox=True)

Both take `font=` (a path to a .ttf or .ttc); the Django side passes settings.LINLI_PDF_FONT
(linli/pdf.py).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT_PACKAGE = "fonts-wqy-zenhei"


class PdfError(Exception):
    """The PDF cannot be made: the message says what to do."""


class FontMissing(PdfError):
    pass


_registered: dict[str, str] = {}


def register_font(path: str | Path | None = None) -> str:
    """Register the Chinese font once per process and return its reportlab name.

    A .ttc holds several faces; the first (Zen Hei, proportional) is the one we print with.
    """
    path = str(path or DEFAULT_FONT)
    if path in _registered:
        return _registered[path]
    if not Path(path).is_file():
        raise FontMissing(
            f"找不到中文字体 {path}：PDF 无法显示中文。"
            f"请安装 Debian 软件包 {FONT_PACKAGE}（apt-get install {FONT_PACKAGE}），"
            f"或用 LINLI_PDF_FONT 指定一个含中文的 .ttf/.ttc 字体文件。"
        )
    name = f"LinliCJK{len(_registered)}"
    try:
        font = TTFont(name, path, subfontIndex=0) if path.endswith(".ttc") else TTFont(name, path)
    except Exception as exc:  # reportlab raises TTFError, struct.error, … for a bad file
        raise FontMissing(f"无法读取字体文件 {path}：{exc}") from exc
    pdfmetrics.registerFont(font)
    _registered[path] = name
    return name


# --- QR codes ----------------------------------------------------------------------------


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR symbol for `payload` (no quiet zone), True for a dark module.

    Always a full QR code (a micro QR, which segno picks for short text, many phone readers
    cannot scan), error correction M: a label survives a smudge or a fold.
    """
    qr = segno.make_qr(payload, error="m", boost_error=False)
    return [[bool(module) for module in row] for row in qr.matrix]


def draw_qr(canvas: Any, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR code as vector rectangles with its lower-left corner at (x, y).

    `size` includes the quiet zone of 4 modules on each side that readers need.
    """
    matrix = qr_matrix(payload)
    count = len(matrix)
    module = size / (count + 8)
    top = y + size - 4 * module
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            # One rectangle per run of dark modules: fewer operators, no hairline seams.
            path.rect(
                x + (4 + start) * module, top - (r + 1) * module, (c - start) * module, module
            )
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


# --- Labels --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One label: a short code, one line in very large type, a few small lines, a QR code.

    A parcel at the gate: code "G-0042", headline "10栋 2单元 301", lines ["生鲜", "14:00-15:00",
    "来自 张三", "易碎"], qr the link a volunteer scans to mark it delivered.
    """

    headline: str
    code: str = ""
    lines: Sequence[str] = ()
    qr: str = ""


@dataclass(frozen=True)
class LabelSheet:
    """How labels sit on a page: a grid of columns × rows, with cut lines between."""

    page: tuple[float, float]
    columns: int = 1
    rows: int = 1
    cut_lines: bool = False


# Eight labels of 105 × 74 mm on A4, to cut with scissors; one 100 × 70 mm label a page for a
# label printer. The two are nearly the same size, so a label looks the same either way.
A4_SHEET = LabelSheet(page=A4, columns=2, rows=4, cut_lines=True)
LABEL_100X70 = LabelSheet(page=(100 * mm, 70 * mm))

_PAD = 4 * mm


def _fit(text: str, font: str, width: float, largest: float, smallest: float) -> float:
    """The largest font size, up to `largest`, at which `text` fits in `width`."""
    natural = pdfmetrics.stringWidth(text, font, 1) or 1
    return max(smallest, min(largest, width / natural))


def _clip(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_label(
    canvas: Any, label: Label, font: str, x: float, y: float, w: float, h: float
) -> None:
    inner_w, top = w - 2 * _PAD, y + h - _PAD
    canvas.setFillColor(colors.black)
    if label.code:
        canvas.setFont(font, 11)
        canvas.drawString(x + _PAD, top - 11, _clip(label.code, font, 11, inner_w))
        top -= 15
    size = _fit(label.headline, font, inner_w, largest=min(34.0, h / 3.2), smallest=9)
    canvas.setFont(font, size)
    canvas.drawString(x + _PAD, top - size * 0.9, _clip(label.headline, font, size, inner_w))
    top -= size * 1.15
    # Below the headline: small lines on the left, the QR code on the right.
    qr_size = min(top - (y + _PAD) + 4 * mm, inner_w * 0.45) if label.qr else 0
    if label.qr:
        draw_qr(canvas, label.qr, x + w - _PAD - qr_size + 3 * mm, y + _PAD - 3 * mm, qr_size)
    text_w = inner_w - (qr_size - 3 * mm if label.qr else 0) - 2 * mm
    line_size = 10.5
    for line in label.lines:
        if top - line_size < y + _PAD:
            break
        canvas.setFont(font, line_size)
        canvas.drawString(x + _PAD, top - line_size, _clip(line, font, line_size, text_w))
        top -= line_size * 1.4


def labels(
    items: Sequence[Label],
    sheet: LabelSheet = A4_SHEET,
    *,
    title: str = "标签",
    font: str | Path | None = None,
) -> bytes:
    """The labels as a PDF, `sheet.columns × sheet.rows` to a page, in order."""
    name = register_font(font)
    out = io.BytesIO()
    canvas = pdfcanvas.Canvas(out, pagesize=sheet.page, pageCompression=1, initialFontName=name)
    canvas.setTitle(title)
    page_w, page_h = sheet.page
    w, h = page_w / sheet.columns, page_h / sheet.rows
    per_page = sheet.columns * sheet.rows
    for start in range(0, max(len(items), 1), per_page):
        if sheet.cut_lines:
            canvas.saveState()
            canvas.setStrokeColor(colors.grey)
            canvas.setLineWidth(0.3)
            canvas.setDash(3, 3)
            for c in range(1, sheet.columns):
                canvas.line(c * w, 0, c * w, page_h)
            for r in range(1, sheet.rows):
                canvas.line(0, r * h, page_w, r * h)
            canvas.restoreState()
        for i, label in enumerate(items[start : start + per_page]):
            row, col = divmod(i, sheet.columns)
            _draw_label(canvas, label, name, col * w, page_h - (row + 1) * h, w, h)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


# --- Table documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its heading and its share of the page's width (weights, not points)."""

    title: str
    width: float = 1.0


@dataclass(frozen=True)
class Section:
    """A heading and a table under it: one unit of a run sheet, one building's pick list.

    `columns` are Column or plain titles (equal widths); `rows` are cells as text, one list a
    row, as many cells as columns. `note` is a small line under the heading (totals, who picks).
    """

    heading: str
    columns: Sequence[Column | str]
    rows: Sequence[Sequence[str]]
    note: str = ""
    columns_fixed: tuple[Column, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fixed = tuple(c if isinstance(c, Column) else Column(str(c)) for c in self.columns)
        if not fixed:
            raise PdfError(f"表格“{self.heading}”没有列")
        for number, row in enumerate(self.rows, 1):
            if len(row) != len(fixed):
                raise PdfError(
                    f"表格“{self.heading}”第 {number} 行有 {len(row)} 格，应为 {len(fixed)} 格"
                )
        object.__setattr__(self, "columns_fixed", fixed)


class _Checkbox(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An empty square to tick by hand."""

    def __init__(self, side: float) -> None:
        super().__init__()
        self.side = side
        self.width = self.height = side

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.side, self.side, stroke=1, fill=0)


def _numbered_canvas(font: str, footer: str) -> type:
    class NumberedCanvas(pdfcanvas.Canvas):  # type: ignore[misc]  # reportlab is untyped
        """Holds each page until the end, so the footer can say 第 1 / 3 页."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, 1):
                self.__dict__.update(state)
                width, _ = self._pagesize
                self.setFont(font, 8.5)
                self.setFillColor(colors.grey)
                self.drawCentredString(width / 2, 10 * mm, f"第 {number} / {total} 页")
                if footer:
                    self.drawString(15 * mm, 10 * mm, footer)
                super().showPage()
            super().save()

    return NumberedCanvas


def table_document(
    title: str,
    subtitle_lines: Sequence[str] = (),
    sections: Sequence[Section] = (),
    *,
    checkbox: bool = False,
    footer: str = "",
    font_size: float = 10,
    pagesize: tuple[float, float] = A4,
    font: str | Path | None = None,
) -> bytes:
    """A titled document of sections, each a heading over a table, as a PDF.

    Tables split over pages with their header repeated; long cells wrap (Chinese too); the
    footer says 第 n / N 页 and `footer` (who printed it, when). `checkbox` adds an empty square
    before every row, for ticking off by hand at the door.
    """
    name = register_font(font)
    base = ParagraphStyle("cell", fontName=name, fontSize=font_size, leading=font_size * 1.3,
                          wordWrap="CJK")  # fmt: skip
    head = ParagraphStyle("head", parent=base, textColor=colors.white)
    title_style = ParagraphStyle("title", parent=base, fontSize=18, leading=24, spaceAfter=4)
    sub_style = ParagraphStyle("sub", parent=base, textColor=colors.HexColor("#444444"))
    h2 = ParagraphStyle("h2", parent=base, fontSize=13, leading=18, spaceBefore=10, spaceAfter=3)
    note_style = ParagraphStyle("note", parent=sub_style, fontSize=9, leading=12, spaceAfter=3)

    out = io.BytesIO()
    margin = 15 * mm
    # initialFontName: else Helvetica, reportlab's first font, is named in the file unembedded.
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        title=title,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=18 * mm,
        initialFontName=name,
    )
    story: list[Any] = [Paragraph(_escape(title), title_style)]
    story += [Paragraph(_escape(line), sub_style) for line in subtitle_lines]
    story.append(Spacer(1, 4))
    box = font_size * 0.95
    check_w = box + 8 if checkbox else 0
    for section in sections:
        columns = section.columns_fixed
        total = sum(c.width for c in columns)
        widths = [(doc.width - check_w) * c.width / total for c in columns]
        header = [Paragraph(_escape(c.title), head) for c in columns]
        rows: list[list[Any]] = [([""] if checkbox else []) + header]
        for row in section.rows:
            cells: list[Any] = [_Checkbox(box)] if checkbox else []
            for text, width in zip(row, widths, strict=True):
                cells.append(_cell(str(text), width - 8, base))
            rows.append(cells)
        table = LongTable(rows, colWidths=([check_w] if checkbox else []) + widths, repeatRows=1)
        table.setStyle(_table_style(name, font_size, len(rows)))
        heading: list[Any] = [Paragraph(_escape(section.heading), h2)]
        if section.note:
            heading.append(Paragraph(_escape(section.note), note_style))
        # The heading stays with the start of its table, not alone at a page's foot.
        story.append(KeepTogether([*heading, table] if len(rows) <= 3 else heading))
        if len(rows) > 3:
            story.append(table)
    doc.build(story, canvasmaker=_numbered_canvas(name, footer))
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(text: str, width: float, style: ParagraphStyle) -> Any:
    # A Paragraph wraps but costs about ten times a plain string: most cells (a room number,
    # a count) fit on one line and stay strings, which keeps a 2,000-row sheet fast.
    if "\n" not in text and pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return Paragraph(_escape(text).replace("\n", "<br/>"), style)


def _table_style(font: str, size: float, count: int) -> TableStyle:
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, size, size * 1.3),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#333333")),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f2f2")]),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )
