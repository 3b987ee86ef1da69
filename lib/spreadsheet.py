"""Reading the first sheet of a spreadsheet (xlsx, xls, ods, csv) within bounds.

A 4.7 KB xlsx with one cell at XFD1048576 makes calamine allocate a grid of 17 billion cells
(550 GB) and abort the process; a file with cells out to CV1048576 takes 3.4 GB. Memory follows
the used area, rows × columns, whatever the file's size. So before calamine reads an xlsx, its
sheet XML is scanned as a stream (with a cap on decompressed bytes, against zip bombs) for the
farthest cell, and the area is checked against `Limits`. Formats whose size cannot be known
before reading (xls, xlsb, ods, and an xlsx whose cells the scan cannot place) are read in a
child process under a memory and CPU limit. CSV is read a line at a time with a cap on a line's
length, so a single huge row cannot fill memory either.

Every spreadsheet Linli reads (rosters, consignments, group-buy exports) goes through
`read_rows`; errors are `SpreadsheetError` with a message in Chinese a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import json
import re
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

CHUNK = 1 << 20
CALAMINE_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class SpreadsheetError(Exception):
    """The file cannot be read, or not within bounds: the message says what to do."""


@dataclass(frozen=True)
class Limits:
    """How much of a spreadsheet Linli reads.

    The memory calamine needs is about 32 bytes for every cell of the used area (empty cells
    included) plus the text, so the area in cells is the limit that matters: the default,
    16,777,216 cells, is a full-height sheet (1,048,576 rows) of 16 columns, about 0.5 GB, a
    real roster of a million residents with room to spare. A sheet can be tall or wide, not both.
    """

    max_rows: int = 1_048_576
    max_columns: int = 1_024
    max_cells: int = 16_777_216
    max_merged_ranges: int = 500_000
    # Decompressed bytes of any one part of an xlsx (sheet, shared strings, styles).
    max_xml_bytes: int = 1 << 30
    # For the child process that reads xls, xlsb and ods.
    max_memory_bytes: int = 2 << 30
    max_cpu_seconds: int = 600
    # One line of a CSV, in characters (a field is at most 131,072 characters).
    max_line_chars: int = 1 << 20


def cell_text(value: Any) -> str:
    """What a cell shows a person: 101.0 is 101, dates as ISO, everything else as text."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def column_name(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def column_index(letters: str) -> int:
    """A → 0, AA → 26."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _check_area(rows: int, columns: int, limits: Limits, where: str = "") -> None:
    """Refuse a used area (rows × columns) over the limits."""
    far = f"（最远的单元格在 {where}）" if where else ""
    if rows > limits.max_rows:
        raise SpreadsheetError(
            f"表格有 {rows:,} 行{far}，超过上限 {limits.max_rows:,} 行：请删去多余的行，"
            "或把名册分成几个文件上传"
        )
    if columns > limits.max_columns:
        raise SpreadsheetError(
            f"表格有 {columns:,} 列{far}，超过上限 {limits.max_columns:,} 列："
            "请删去表格右边多余的列"
        )
    if rows * columns > limits.max_cells:
        raise SpreadsheetError(
            f"表格的使用区域太大：{rows:,} 行 × {columns:,} 列{far}，超过上限 "
            f"{limits.max_cells:,} 个单元格：请删去多余的行和列（常见原因是远处某个单元格"
            "里有内容或格式），或把名册分成几个文件上传"
        )


# --- xlsx: a streaming scan before calamine reads ------------------------------------------

# Excel, WPS, LibreOffice and openpyxl write a cell as <c r="B7" ...>. A cell written any other
# way (a prefix, r not first, no r) is "odd": the scan cannot place it, so the file is read in
# a child process under a memory limit instead.
_PLACED_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"')
_ODD_CELL = (b"<c>", b"<c/", b"<c\t", b"<c\n", b"<c\r")
_PREFIXED_CELL = re.compile(rb"<[\w.-]+:c[\s/>]")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell[\s/>]")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class SheetScan:
    rows: int = 0  # the farthest row and column holding a cell, 1-based
    columns: int = 0
    merged: int = 0
    odd_cells: bool = False  # a cell the scan could not place

    @property
    def far_cell(self) -> str:
        return f"{column_name(self.columns - 1)}{self.rows}" if self.rows else ""


def _read_part(archive: zipfile.ZipFile, name: str, limits: Limits) -> Iterator[bytes]:
    """The decompressed bytes of one part, in chunks, refused past max_xml_bytes."""
    info = archive.getinfo(name)
    too_big = SpreadsheetError(
        f"文件解压后超过 {limits.max_xml_bytes // (1 << 20):,} MB（{name}），不像一份名册："
        "请确认文件无误，或把名册分成几个文件上传"
    )
    if info.file_size > limits.max_xml_bytes:
        raise too_big
    total = 0
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            total += len(chunk)
            if total > limits.max_xml_bytes:
                raise too_big
            yield chunk


def _tags(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Chunks cut after a '>', so that no tag is split between two of them."""
    rest = b""
    for chunk in chunks:
        data = rest + chunk
        cut = data.rfind(b">") + 1
        if cut == 0 and len(data) > 16 * CHUNK:
            raise SpreadsheetError("表格文件的内容不是有效的 XML，无法读取")
        rest, data = data[cut:], data[:cut]
        yield data
    yield rest


def _first_sheet_part(archive: zipfile.ZipFile, limits: Limits) -> str | None:
    """The part calamine reads as sheet 0: the first <sheet> of the workbook, through its rels."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return None
    workbook = b"".join(_read_part(archive, "xl/workbook.xml", limits))
    sheet = re.search(rb"<(?:[\w.-]+:)?sheet\s[^>]*>", workbook)
    if sheet is None:
        return None
    attributes = {m[1]: m[2] or m[3] for m in _ATTRIBUTE.finditer(sheet[0])}
    rel_id = next((v for k, v in attributes.items() if k.endswith(b":id")), None)
    rels = b"".join(_read_part(archive, "xl/_rels/workbook.xml.rels", limits))
    for tag in re.finditer(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>", rels):
        found = {m[1]: m[2] or m[3] for m in _ATTRIBUTE.finditer(tag[0])}
        if found.get(b"Id") == rel_id and b"Target" in found:
            target = found[b"Target"].decode("utf-8", "replace")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            return part if part in names else None
    return None


def scan_xlsx(path: Path, limits: Limits) -> SheetScan | None:
    """The farthest cell of the first sheet, checked against the limits before calamine reads.

    None when the scan cannot tell which part is the first sheet: the caller then reads in a
    child process under a memory limit.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > 10_000:
                raise SpreadsheetError("表格文件里的部件太多，不像一份名册，无法读取")
            part = _first_sheet_part(archive, limits)
            if part is None:
                return None
            for other in ("xl/sharedStrings.xml", "xl/styles.xml"):
                if other in archive.namelist():
                    for _ in _read_part(archive, other, limits):
                        pass
            scan = SheetScan()
            scan_letters = b"A"
            for data in _tags(_read_part(archive, part, limits)):
                if b"mergeCell" in data:
                    scan.merged += len(_MERGE.findall(data))
                found = _PLACED_CELL.findall(data)
                if (
                    len(found) != data.count(b"<c ")
                    or any(odd in data for odd in _ODD_CELL)
                    or (b":c" in data and _PREFIXED_CELL.search(data))
                ):
                    scan.odd_cells = True
                if not found:
                    continue
                # Sets of the few distinct letters and numbers, built in C: a sheet of a
                # million rows and 12 columns is scanned in about 9 s, a few per cent of
                # its import.
                letters = {scan_letters, *map(itemgetter(0), found)}
                scan_letters = max(letters, key=lambda c: (len(c), c))
                numbers = set(map(itemgetter(1), found))
                scan.rows = max(scan.rows, int(max(numbers, key=lambda n: (len(n), n))))
                scan.columns = column_index(scan_letters.decode()) + 1
                _check_area(scan.rows, scan.columns, limits, scan.far_cell)
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged, encrypted or exotic zip: zipfile raises many kinds
        # The library's own words ("invalid Zip archive: …") mean nothing to the person.
        raise SpreadsheetError("无法读取该表格文件：文件已损坏、加密或不是表格") from exc
    if scan.merged > limits.max_merged_ranges:
        raise SpreadsheetError(
            f"表格有 {scan.merged:,} 处合并单元格，超过上限 {limits.max_merged_ranges:,} 处"
        )
    return scan


# --- calamine ----------------------------------------------------------------------------


def _calamine_rows(path: Path, limits: Limits) -> Iterator[list[str]]:
    """Rows of the first sheet as text; merged cells give their value to every cell they span."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:
        raise SpreadsheetError("无法读取该表格文件：文件已损坏、加密或不是表格") from exc
    top, left = sheet.start if sheet.start else (0, 0)
    _check_area(sheet.height, sheet.width, limits)
    ranges = sheet.merged_cell_ranges or []
    if len(ranges) > limits.max_merged_ranges:
        raise SpreadsheetError(
            f"表格有 {len(ranges):,} 处合并单元格，超过上限 {limits.max_merged_ranges:,} 处"
        )
    # Only the part of a merged range inside the used area costs anything; together those
    # parts are bounded like the area itself.
    merged: list[tuple[int, int, int, int]] = []
    spanned = 0
    for (r1, c1), (r2, c2) in ranges:
        r1, r2 = r1 - top, min(r2 - top, sheet.height - 1)
        c1, c2 = c1 - left, min(c2 - left, sheet.width - 1)
        if r2 < max(r1, 0) or c2 < max(c1, 0) or (r1 == r2 and c1 == c2):
            continue
        spanned += (r2 - max(r1, 0) + 1) * (c2 - max(c1, 0) + 1)
        if spanned > limits.max_cells:
            raise SpreadsheetError(
                f"表格的合并单元格共覆盖超过 {limits.max_cells:,} 个单元格，超过上限"
            )
        merged.append((r1, c1, r2, c2))
    if not merged:
        for row in sheet.iter_rows():
            yield [v if isinstance(v, str) else cell_text(v) for v in row]
        return
    yield from _fill_merged(sheet.iter_rows(), merged)


def _fill_merged(
    rows: Iterator[list[Any]], merged: list[tuple[int, int, int, int]]
) -> Iterator[list[str]]:
    """Give each merged range's value to its empty cells, holding only the ranges, not cells."""
    merged.sort()
    waiting = 0
    active: list[tuple[int, int, int, int]] = []
    anchors: dict[tuple[int, int], str] = {}
    for r, row in enumerate(rows):
        texts = [cell_text(v) for v in row]
        while waiting < len(merged) and merged[waiting][0] <= r:
            active.append(merged[waiting])
            waiting += 1
        if active:
            active = [span for span in active if span[2] >= r]
        for r1, c1, _r2, c2 in active:
            if r1 == r:
                anchors[(r1, c1)] = texts[c1] if 0 <= c1 < len(texts) else ""
            value = anchors.get((r1, c1), "")
            for c in range(max(c1, 0), min(c2 + 1, len(texts))):
                if (r, c) != (r1, c1) and not texts[c]:
                    texts[c] = value
        yield texts


def _calamine_rows_in_child(path: Path, limits: Limits) -> Iterator[list[str]]:
    """The same rows, read by a child process under a memory and CPU limit."""
    command = [sys.executable, "-m", "lib.spreadsheet", json.dumps(asdict(limits)), str(path)]
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )
    assert child.stdout is not None
    try:
        for line in child.stdout:
            item = json.loads(line)
            if isinstance(item, list):
                yield item
            elif "error" in item:
                raise SpreadsheetError(item["error"])
            else:
                break
        child.wait()
        if child.returncode:
            raise SpreadsheetError(
                f"读取这个表格需要超过 {limits.max_memory_bytes // (1 << 20):,} MB 内存或太长时间，"
                "已停止：请删去多余的行和列（常见原因是远处某个单元格里有内容或格式），"
                "或另存为 xlsx 或 csv 后再上传"
            )
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()


def _child_main(limits_json: str, path: str) -> int:
    limits = Limits(**json.loads(limits_json))
    for kind, value in (
        (resource.RLIMIT_AS, limits.max_memory_bytes),
        (resource.RLIMIT_CPU, limits.max_cpu_seconds),
    ):
        # Never above a limit this process was started under: lowering is all it may do.
        hard = resource.getrlimit(kind)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))
    out = sys.stdout
    try:
        for row in _calamine_rows(Path(path), limits):
            out.write(json.dumps(row, ensure_ascii=False))
            out.write("\n")
    except SpreadsheetError as exc:
        out.write(json.dumps({"error": str(exc)}, ensure_ascii=False) + "\n")
        return 0
    except MemoryError:
        return 3
    out.write('{"done": true}\n')
    return 0


# --- csv -----------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without a BOM) if the whole file decodes as UTF-8, else GB18030.

    The whole file is checked, in chunks and with an incremental decoder, so a chunk boundary
    inside a character is not an error; UTF-16 is recognised by its BOM (Excel's Unicode text).
    """
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            # Excel in China saves CSV as GBK, of which GB18030 is a superset.
            return "gb18030"
    return "utf-8-sig"


def _bounded_lines(handle: IO[str], limits: Limits) -> Iterator[str]:
    number = 0
    while line := handle.readline(limits.max_line_chars + 1):
        number += 1
        if len(line) > limits.max_line_chars:
            raise SpreadsheetError(
                f"第 {number:,} 行超过 {limits.max_line_chars:,} 个字符，不像名册的一行："
                "请检查文件是否完整，是否真是 CSV"
            )
        yield line


def _csv_rows(path: Path, limits: Limits) -> Iterator[list[str]]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        first = handle.readline(limits.max_line_chars)
        handle.seek(0)
        delimiter = "\t" if "\t" in first and "," not in first else ","
        reader = csv.reader(_bounded_lines(handle, limits), delimiter=delimiter)
        number = 0
        while True:
            number += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field limit" in str(exc):
                    reason = (
                        f"有一个单元格超过 {csv.field_size_limit():,} 个字符，"
                        '多半是这一行的引号（"）没有配对'
                    )
                else:
                    reason = f"格式不对（{exc}）"
                raise SpreadsheetError(
                    f"第 {number:,} 行无法读取：{reason}。请在表格软件里改正后重新保存为 CSV"
                ) from exc
            if number > limits.max_rows:
                _check_area(number, len(row), limits)
            if len(row) > limits.max_columns:
                _check_area(number, len(row), limits)
            yield [cell.strip() for cell in row]


# --- the one entry point -------------------------------------------------------------------


_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\s+ref=[\"']?[A-Z]+\d+:[A-Z]+(\d+)")


def declared_rows(path: Path, limits: Limits | None = None) -> int | None:
    """About how many rows the file holds, cheaply, for a progress bar; None when unknown.

    A CSV's line count; an xlsx sheet's declared dimension (the sheet's first bytes only).
    Only a hint: the reader checks every bound itself.
    """
    limits = limits or Limits()
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES:
            lines = 0
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    lines += chunk.count(b"\n")
            return lines
        if suffix in XLSX_SUFFIXES and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                part = _first_sheet_part(archive, limits)
                if part is None:
                    return None
                start = next(_read_part(archive, part, limits), b"")
                found = _DIMENSION.search(start)
                return int(found[1]) if found else None
    except (OSError, SpreadsheetError, zipfile.BadZipFile, ValueError):
        return None
    return None


def read_rows(path: Path, limits: Limits | None = None) -> Iterator[list[str]]:
    """The rows of the first sheet as text, lazily, within the limits."""
    limits = limits or Limits()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return _csv_rows(path, limits)
    if suffix in XLSX_SUFFIXES and zipfile.is_zipfile(path):
        scan = scan_xlsx(path, limits)
        if scan is not None and not scan.odd_cells:
            # Every cell is placed, so the area calamine will build is known and within bounds.
            return _calamine_rows(path, limits)
        return _calamine_rows_in_child(path, limits)
    if suffix in CALAMINE_SUFFIXES:
        return _calamine_rows_in_child(path, limits)
    raise SpreadsheetError(
        f"不支持的文件类型 {suffix or '(无扩展名)'}：请上传 xlsx、xls、ods 或 csv"
    )


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1], sys.argv[2]))


__all__ = [
    "Limits", "SpreadsheetError", "cell_text", "declared_rows", "detect_encoding", "read_rows",
]  # fmt: skip
