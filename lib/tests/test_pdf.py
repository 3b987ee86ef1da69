"""PDFs print Chinese on any machine: the font is embedded, the text is there, QR codes read."""

import re
import shutil
import subprocess

import pytest

from lib import pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils missing")


def run(tool, content, tmp_path, *args):
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [tool, *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_missing_font_names_the_package_to_install(tmp_path):
    with pytest.raises(pdf.FontMissing, match="fonts-wqy-zenhei"):
        pdf.register_font(tmp_path / "nothing.ttc")


@needs_poppler
def test_the_chinese_font_is_embedded(tmp_path):
    content = pdf.labels([pdf.Label(headline="10栋 2单元 301", code="AB2345", lines=["生鲜"])])
    path = tmp_path / "l.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    # reportlab declares Helvetica on every page it starts; every glyph is drawn in Zen Hei.
    [zen_hei] = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert zen_hei.split()[-5] == "yes"  # the "emb" column: embedded (as a subset)


@needs_poppler
def test_a_label_has_its_headline_code_and_lines(tmp_path):
    content = pdf.labels(
        [pdf.Label(headline="10栋 2单元 301", code="AB2345", lines=["生鲜", "来自 张三"])]
    )
    text = run("pdftotext", content, tmp_path)
    assert "10栋" in text and "AB2345" in text and "来自 张三" in text


def test_the_qr_matrix_is_a_full_qr_code_for_the_payload():
    matrix = pdf.qr_matrix("LINLI:AB2345")
    assert len(matrix) >= 21 and all(len(row) == len(matrix) for row in matrix)
    # The finder pattern in the top-left corner: a dark 7×7 ring.
    assert all(matrix[0][:7]) and all(matrix[6][:7]) and not any(matrix[1][1:6])


@needs_poppler
def test_a_long_table_splits_over_pages_with_its_header_repeated(tmp_path):
    rows = [[f"{n}01", f"很长的物品名称，需要换行显示，第 {n} 件"] for n in range(300)]
    content = pdf.table_document(
        "3栋派送单", ["共 300 件"], [pdf.Section("1单元", ["房号", "物品"], rows)]
    )
    text = run("pdftotext", content, tmp_path)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 3
    assert all("房号" in page for page in pages if page.strip())
    assert re.search(r"第\s*1\s*/\s*\d+\s*页", text)


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(pdf.PdfError):
        pdf.Section("1单元", ["房号", "物品"], [["101"]])
