"""The bounded spreadsheet reader: hostile files get a message, never a dead process."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.spreadsheet import Limits, SpreadsheetError, detect_encoding, read_rows

from .sheets import HEADER, column, in_bounded_child, ods, xlsx

# Small limits keep the fuzzing quick; the class of bug is the same at any size.
SMALL = Limits(max_rows=5_000, max_columns=100, max_cells=50_000, max_merged_ranges=200)


def rows_of(path: Path, limits: Limits | None = None) -> list[list[str]]:
    return list(read_rows(path, limits))


def count_rows(path: Path, limits: Limits | None = None) -> int:
    return sum(1 for _ in read_rows(path, limits))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_one_cell_at_xfd1048576_is_refused_before_any_memory_is_taken(tmp_path):
    path = write(tmp_path, "bomb.xlsx", xlsx({**HEADER, "XFD1048576": "x"}))
    assert path.stat().st_size < 5000
    outcome = in_bounded_child(lambda: count_rows(path), memory_mb=256, seconds=10)
    assert outcome.kind == "error", outcome
    assert "XFD1048576" in outcome.detail
    assert outcome.grew_mb < 64
    assert outcome.seconds < 5


def test_cells_out_to_cv1048576_are_refused_by_their_area(tmp_path):
    path = write(tmp_path, "wide.xlsx", xlsx({**HEADER, "CV1048576": "x"}))
    outcome = in_bounded_child(lambda: count_rows(path), memory_mb=256, seconds=10)
    assert outcome.kind == "error", outcome
    assert "1,048,576 行 × 100 列" in outcome.detail


def test_a_merged_range_of_ten_million_cells_costs_nothing_outside_the_data(tmp_path):
    path = write(tmp_path, "merged.xlsx", xlsx(HEADER, merged=("D2:M1000001",)))
    outcome = in_bounded_child(lambda: count_rows(path), memory_mb=256, seconds=10)
    assert outcome.kind == "rows", outcome
    assert outcome.detail == "1"
    assert outcome.seconds < 5


def test_merged_cells_still_fill_every_row_they_span(tmp_path):
    cells = {**HEADER, "A2": "1", "B2": "101", "C2": "张三", "B3": "102", "C3": "李四"}
    path = write(tmp_path, "r.xlsx", xlsx(cells, merged=("A2:A3",)))
    assert rows_of(path) == [["楼栋", "房号", "姓名"], ["1", "101", "张三"], ["1", "102", "李四"]]


def test_a_declared_dimension_alone_allocates_nothing_and_is_read(tmp_path):
    path = write(tmp_path, "dim.xlsx", xlsx(HEADER, dimension="A1:XFD1048576"))
    assert rows_of(path) == [["楼栋", "房号", "姓名"]]


def test_cells_the_scan_cannot_place_are_read_in_a_child_under_a_memory_limit(tmp_path):
    odd = '<c t="inlineStr" r="{ref}"><is><t>{text}</t></is></c>'  # r is not first
    path = write(tmp_path, "odd.xlsx", xlsx({**HEADER, "XFD1048576": "x"}, cell_format=odd))
    limits = Limits(max_memory_bytes=512 << 20)
    outcome = in_bounded_child(lambda: count_rows(path, limits), memory_mb=256, seconds=20)
    assert outcome.kind == "error", outcome
    assert "内存" in outcome.detail or "列" in outcome.detail


def test_an_ods_that_repeats_a_row_a_million_times_is_stopped_by_the_memory_limit(tmp_path):
    path = write(tmp_path, "bomb.ods", ods(rows_repeated=1_048_575, columns_repeated=90))
    assert path.stat().st_size < 2000
    limits = Limits(max_memory_bytes=256 << 20)
    outcome = in_bounded_child(lambda: count_rows(path, limits), memory_mb=256, seconds=30)
    assert outcome.kind == "error", outcome
    assert "内存" in outcome.detail


def test_a_zip_bomb_is_refused_by_its_decompressed_size(tmp_path):
    path = tmp_path / "zip.xlsx"
    path.write_bytes(xlsx(HEADER))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b" " * (3 << 20) + b"</sst>")
    limits = Limits(max_xml_bytes=1 << 20)
    with pytest.raises(SpreadsheetError, match="解压后超过"):
        rows_of(path, limits)


def test_a_broken_zip_gets_a_message(tmp_path):
    path = write(tmp_path, "broken.xlsx", xlsx(HEADER)[:300])
    with pytest.raises(SpreadsheetError, match="无法读取"):
        rows_of(path)


def test_an_encrypted_zip_gets_a_message(tmp_path):
    data = bytearray(xlsx(HEADER))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            data[at + offset] |= 1  # "encrypted"
            at = data.find(signature, at + 1)
    path = write(tmp_path, "secret.xlsx", bytes(data))
    with pytest.raises(SpreadsheetError, match="无法读取"):
        rows_of(path)


# --- csv -----------------------------------------------------------------------------------


def test_a_utf8_csv_cut_inside_a_character_at_64_kb_is_still_utf8(tmp_path):
    line = "1,101,张三\n"  # 13 bytes; the 65,536th byte falls inside a character
    body = "楼栋,房号,姓名\n" + line * 6000
    data = body.encode()
    assert 64 * 1024 < len(data)
    with pytest.raises(UnicodeDecodeError):
        data[:65536].decode("utf-8")
    path = write(tmp_path, "r.csv", data)
    assert detect_encoding(path) == "utf-8-sig"
    assert rows_of(path)[1] == ["1", "101", "张三"]


def test_gbk_and_gb18030_csvs_are_still_read(tmp_path):
    body = "楼栋,房号,姓名\n1,101,张三\n2,202,李㵘\n"
    for encoding in ("gbk", "gb18030"):
        text = body if encoding == "gb18030" else body.replace("㵘", "四")
        path = write(tmp_path, f"{encoding}.csv", text.encode(encoding))
        assert rows_of(path)[2][2] == text.splitlines()[2].split(",")[2]


def test_a_utf16_tab_separated_text_is_read(tmp_path):
    data = codecs.BOM_UTF16_LE + "楼栋\t房号\t姓名\n1\t101\t张三\n".encode("utf-16-le")
    path = write(tmp_path, "r.txt", data)
    assert rows_of(path) == [["楼栋", "房号", "姓名"], ["1", "101", "张三"]]


def test_a_field_over_131072_characters_is_an_error_naming_its_row(tmp_path):
    data = ("楼栋,房号,姓名\n1,101,张三\n1,102," + "长" * 140_000 + "\n").encode()
    path = write(tmp_path, "long.csv", data)
    with pytest.raises(SpreadsheetError, match="第 3 行"):
        rows_of(path)


def test_an_unclosed_quote_is_an_error_naming_its_row(tmp_path):
    data = '楼栋,房号,姓名\n1,101,"张三\n' + "1,102,李四\n" * 20_000
    path = write(tmp_path, "quote.csv", data.encode())
    with pytest.raises(SpreadsheetError, match=r"第 2 行.*引号"):
        rows_of(path)


def test_a_line_of_a_million_commas_is_refused_without_building_it(tmp_path):
    path = write(tmp_path, "commas.csv", b"," * (4 << 20) + b"\n")
    outcome = in_bounded_child(lambda: count_rows(path), memory_mb=256, seconds=10)
    assert outcome.kind == "error", outcome
    assert "第 1 行" in outcome.detail


# --- the class: random files never crash, never run away ------------------------------------

refs = st.builds(
    lambda c, r: f"{column(c)}{r}",
    st.one_of(st.integers(0, 30), st.integers(0, 16_383)),
    st.one_of(st.integers(1, 50), st.integers(1, 1_048_576)),
)
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)


@st.composite
def spans(draw: st.DrawFn) -> str:
    a, b = draw(refs), draw(refs)
    return f"{a}:{b}"


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    cells = {**HEADER, **draw(st.dictionaries(refs, texts, max_size=6))}
    data = xlsx(cells, merged=tuple(draw(st.lists(spans(), max_size=4))))
    damage = draw(st.sampled_from(["none", "truncate", "flip"]))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip":
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    return data


@st.composite
def csvs(draw: st.DrawFn) -> bytes:
    text = "楼栋,房号,姓名\n" + draw(st.text(max_size=300))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


BOUNDED = settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@BOUNDED
@given(data=workbooks())
def test_any_workbook_gives_rows_or_a_message_within_bounds(tmp_path, data):
    path = write(tmp_path, "fuzz.xlsx", data)
    outcome = in_bounded_child(lambda: count_rows(path, SMALL), memory_mb=256, seconds=20)
    assert outcome.kind in {"rows", "error"}, outcome
    assert outcome.seconds < 10
    if outcome.kind == "error":
        assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.detail)


@BOUNDED
@given(data=csvs())
def test_any_csv_gives_rows_or_a_message_within_bounds(tmp_path, data):
    path = write(tmp_path, "fuzz.csv", data)
    outcome = in_bounded_child(lambda: count_rows(path, SMALL), memory_mb=128, seconds=10)
    assert outcome.kind in {"rows", "error"}, outcome
    assert outcome.seconds < 5
