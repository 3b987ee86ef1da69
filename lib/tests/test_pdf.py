import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from lib.pdf import (
    A4_SHEET,
    LABEL_100X70,
    Column,
    FontMissing,
    Label,
    PdfError,
    Section,
    labels,
    qr_matrix,
    table_document,
)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils is not installed"
)

LABEL = Label(
    headline="10栋 2单元 301",
    code="G-0042",
    lines=["生鲜 · 蔬菜包", "14:00-15:00", "来自 张三"],
    qr="https://linli.example/g/42",
)


def run_sheet(rows: int, long_every: int = 5) -> bytes:
    cells = [
        [
            str(101 + i),
            f"张三{i}",
            "蔬菜包 × 2、鸡蛋一盒、大米五公斤、食用油一桶，放门口鞋柜上，独居老人请敲门确认"
            if i % long_every == 0
            else "蔬菜包",
        ]
        for i in range(rows)
    ]
    section = Section("1单元", [Column("房号"), Column("户主"), Column("物品", 4)], cells)
    return table_document("3栋配送单", ["第 2 批"], [section], checkbox=True)


def render(pdf: bytes, tmp_path: Path, page: int = 1, dpi: int = 100) -> Image.Image:
    (tmp_path / "in.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(tmp_path / "in.pdf"), str(tmp_path / "out")],
        check=True,
    )  # fmt: skip
    return Image.open(tmp_path / "out.png").convert("L")


def pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")


def test_a_label_and_a_table_are_pdfs():
    assert labels([LABEL]).startswith(b"%PDF-")
    assert run_sheet(3).startswith(b"%PDF-")


def test_a_missing_font_names_the_package(tmp_path):
    with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
        labels([LABEL], font=tmp_path / "nothing.ttc")


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(PdfError, match="第 1 行"):
        Section("x", ["a", "b"], [["only one"]])


def test_the_qr_code_is_a_full_qr_code_even_for_short_text():
    # segno would choose a micro QR for "42", which many phone readers cannot scan.
    assert len(qr_matrix("42")) >= 21


@pytest.mark.slow  # about 0.7 s
def test_two_thousand_rows_render_quickly():
    start = time.perf_counter()
    pdf = run_sheet(2000)
    assert time.perf_counter() - start < 3
    assert pages(pdf) > 20


@needs_poppler
def test_the_font_is_embedded_and_nothing_else_is_named():
    for pdf in (labels([LABEL]), run_sheet(3)):
        out = subprocess.run(
            ["pdffonts", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        fonts = out.splitlines()[2:]
        assert fonts and all("WenQuanYi" in line for line in fonts), out
        assert all(line.split()[-5] == "yes" for line in fonts), out  # emb


@needs_poppler
def test_chinese_text_prints_ink(tmp_path):
    image = render(labels([Label(headline="十栋二单元三零一")], LABEL_100X70), tmp_path)
    width, height = image.size
    headline = image.crop((0, 0, width, height // 3))
    dark = sum(headline.histogram()[:128])
    assert dark > 500  # empty boxes of a font without Chinese would be thin outlines at most
    _assert_not_tofu(tmp_path)


def _assert_not_tofu(tmp_path):
    # The same width of text in two different characters gives different ink: glyphs, not boxes.
    a = render(labels([Label(headline="一一一一")], LABEL_100X70), tmp_path)
    b = render(labels([Label(headline="團團團團")], LABEL_100X70), tmp_path)
    ink = [sum(im.crop((0, 0, im.size[0], im.size[1] // 3)).histogram()[:128]) for im in (a, b)]
    assert ink[1] > 2 * ink[0]


@needs_poppler
def test_the_drawn_qr_code_is_segnos_matrix(tmp_path):
    # No QR decoder is installed: sample the rendered modules and compare with segno's matrix.
    payload = "https://linli.example/g/42"
    image = render(labels([Label(headline="x", qr=payload)], LABEL_100X70), tmp_path, dpi=300)
    width, height = image.size
    right = image.crop((width // 2, height // 4, width, height))
    box = Image.eval(right, lambda p: 255 if p < 128 else 0).getbbox()
    assert box is not None
    matrix = qr_matrix(payload)
    count = len(matrix)
    left, top, r, b = box
    module = (r - left) / count
    assert abs((b - top) / count - module) < 0.5
    drawn = [
        [right.getpixel((int(left + (c + 0.5) * module), int(top + (y + 0.5) * module))) < 128
         for c in range(count)]
        for y in range(count)
    ]  # fmt: skip
    assert drawn == matrix


@needs_poppler
def test_a_long_table_repeats_its_header_on_every_page():
    pdf = run_sheet(90, long_every=2)
    assert pages(pdf) >= 3
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    page_texts = text.split("\f")[:-1]
    assert len(page_texts) >= 3
    for number, page in enumerate(page_texts, 1):
        page = page.replace(" ", "")
        assert "房号" in page and "物品" in page
        assert f"第{number}/{len(page_texts)}页" in page
    # A long cell wraps: its second half is on a line of its own.
    assert "老人请敲门确认" in page_texts[0]


def test_an_a4_sheet_takes_eight_labels_a_page():
    assert pages(labels([LABEL] * 9, A4_SHEET)) == 2
    assert pages(labels([LABEL] * 3, LABEL_100X70)) == 3
