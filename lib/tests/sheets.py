"""Spreadsheets written byte by byte, so a test can say exactly what a hostile file holds."""

from __future__ import annotations

import io
import os
import resource
import signal
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lib.spreadsheet import column_name

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
    '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = {"A1": "楼栋", "B1": "房号", "C1": "姓名"}


# The reader's own column naming: a test file names cells as the reader will.
column = column_name


def xlsx(
    cells: dict[str, str],
    *,
    merged: tuple[str, ...] = (),
    dimension: str | None = None,
    cell_format: str = '<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>',
) -> bytes:
    """An xlsx whose first sheet holds exactly these cells ({"A1": "楼栋", ...})."""

    def split(ref: str) -> tuple[int, str]:
        letters = ref.rstrip("0123456789")
        return int(ref[len(letters) :]), letters

    rows: dict[int, list[str]] = {}
    for ref in sorted(cells, key=lambda r: (split(r)[0], len(split(r)[1]), split(r)[1])):
        rows.setdefault(split(ref)[0], []).append(
            cell_format.format(ref=ref, text=escape(cells[ref]))
        )
    data = "".join(f'<row r="{n}">{"".join(c)}</row>' for n, c in sorted(rows.items()))
    merges = ""
    if merged:
        merges = f'<mergeCells count="{len(merged)}">'
        merges += "".join(f'<mergeCell ref="{ref}"/>' for ref in merged) + "</mergeCells>"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><dimension ref="{dimension or "A1"}"/>'
        f"<sheetData>{data}</sheetData>{merges}</worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def ods(*, rows_repeated: int, columns_repeated: int) -> bytes:
    """An ods of a header and one row, repeated (the way LibreOffice writes blank areas)."""
    header = "".join(
        f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
        for t in HEADER.values()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis'
        ':names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument'
        ':xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S">'
        f"<table:table-row>{header}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="{rows_repeated}"><table:table-cell '
        f'table:number-columns-repeated="{columns_repeated}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
            '"/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
            '"text/xml"/></manifest:manifest>',
        )
    return buffer.getvalue()


@dataclass
class Outcome:
    kind: str  # "rows", "error" (a message for a person) or "crash"
    detail: str
    seconds: float
    grew_mb: float  # how far the reading process grew beyond where it started


def _vm_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def in_bounded_child(
    read: Callable[[], object], *, memory_mb: int = 1024, seconds: float = 30
) -> Outcome:
    """Run read() in a forked child that may grow by memory_mb at most, and time it.

    A crash (abort, MemoryError, anything but a SpreadsheetError) is an Outcome, not the end
    of the test run.
    """
    from lib.spreadsheet import SpreadsheetError

    start_rss = _vm_kb("VmRSS") / 1024
    limit = (_vm_kb("VmSize") + memory_mb * 1024) * 1024
    reader, writer = os.pipe()
    began = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(reader)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                message = f"rows {read()}"
            except SpreadsheetError as exc:
                message = f"error {exc}"
            except BaseException as exc:
                message = f"crash {exc!r}"
            os.write(writer, message.encode()[:60000])
        finally:
            os._exit(code)
    os.close(writer)
    status = 0
    usage = None
    while time.monotonic() - began < seconds:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.01)
    else:
        os.kill(pid, signal.SIGKILL)
        os.wait4(pid, 0)
        os.close(reader)
        return Outcome("crash", "timed out", time.monotonic() - began, 0)
    elapsed = time.monotonic() - began
    with os.fdopen(reader, "rb") as pipe:
        message = pipe.read().decode()
    grew = (usage.ru_maxrss / 1024 - start_rss) if usage else 0
    if not message:
        return Outcome("crash", f"killed (status {status})", elapsed, grew)
    kind, _, detail = message.partition(" ")
    return Outcome(kind, detail, elapsed, grew)
