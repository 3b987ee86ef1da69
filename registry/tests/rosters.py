"""Messy rosters as communities really keep them, built in the test that reads them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from lib.identity import id_check_digit


def valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


GOOD_ID = valid_id("50010119800101123")  # 1980-01-01, male
BAD_CHECK_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


def messy_roster(path: Path) -> Path:
    """Title rows, a header in row 3, merged 楼号 and 单元, mixed address styles, bad IDs."""
    wb = Workbook()
    ws = wb.active
    ws.append(["富民花园住户信息登记表"])
    ws.merge_cells("A1:H1")
    ws.append(["填表人：刘海燕", None, None, "日期：2022-08-02"])
    ws.append(["楼 号", "单元", "房间号", "户主姓名", "联系电话", "身份证号码", "重点人群", "备注"])
    rows = [
        # row 4..7: building 1 merged over 4 rows, unit 1 merged over 2 rows
        [1, 1, 101, "张 三丰", "138 1234 5678", GOOD_ID, "独居老人、糖尿病", "腿脚不便"],
        [None, None, "102室", "李四", "+86 139-1234-5679", BAD_CHECK_ID, None, None],
        [None, "二单元", "二零一", "王五", "12345", None, "高血压", None],
        [None, 2, 202, "", "13812340000", None, None, None],  # no name: rejected
        # row 8: Chinese numerals and full-width digits
        ["十栋", "２", "３０１", "赵六", "0744-8234567", None, "孕妇", None],
        # row 9: a whole address in the room column
        [None, None, "3-2-501", "钱七", "13700001111", None, None, None],
        # row 10: blank row, skipped silently
        [None, None, None, None, None, None, None, None],
        # row 11: no building anywhere: rejected
        [None, None, "乱写的", "孙八", None, None, None, None],
        # row 12: street-number building
        ["静园巷13号", 1, 103, "周九", None, "11010519491231002x", None, None],
    ]
    for row in rows:
        ws.append(row)
    ws.merge_cells("A4:A7")
    ws.merge_cells("B4:B5")
    wb.save(path)
    return path
