import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from logistics.actions import reports_dir
from logistics.models import Batch, Item, Status


def roster_xlsx(tmp_path, rows, name="van.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["收货人", "手机", "收货地址", "数量", "商品"])
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


ROWS = [
    ["张三丰", "13812345678", "1栋1单元101", 2, "蔬菜包"],
    ["李四", "13912340000", "2栋1单元201", 1, "蔬菜包"],
    ["某人", "", "王牌路37号邮电宿舍", 1, "蔬菜包"],  # no household fits: the shelf
    ["", "", "", 1, "蔬菜包"],  # nobody to deliver to: rejected
    ["王五", "", "3-2-501", "三箱半", "蔬菜包"],  # an impossible count: rejected
]


def receive(path, *extra):
    out = StringIO()
    call_command("receive", str(path), "--compound", "阳光小区", "--json", *extra, stdout=out)
    [line] = out.getvalue().splitlines()  # exactly one object
    return json.loads(line)


def test_a_consignment_becomes_one_item_per_row(world, tmp_path):
    summary = receive(roster_xlsx(tmp_path, ROWS), "--kind", "group_buy")
    assert summary["rows_read"] == 5
    assert summary["items_created"] == 3
    assert summary["items_unaddressed"] == 1
    assert summary["rows_rejected"] == 2
    items = Item.objects.filter(batch_id=summary["batch"])
    assert {i.household for i in items} == {world.h101, world.h201, None}
    assert items.get(household=world.h101).pieces == 2
    assert items.get(household=None).status == Status.SHELF
    assert {i.kind for i in items} == {"group_buy"}


def test_receiving_the_same_file_again_creates_nothing(world, tmp_path):
    path = roster_xlsx(tmp_path, ROWS)
    receive(path)
    again = receive(path)
    assert again["items_created"] == 0 and again["created"] is False
    assert Item.objects.count() == 3 and Batch.objects.count() == 1


def test_a_consignment_reference_identifies_the_batch(world, tmp_path):
    receive(roster_xlsx(tmp_path, ROWS[:1]), "--reference", "HL-20221203-7")
    again = receive(roster_xlsx(tmp_path, ROWS[:2], "other.xlsx"), "--reference", "HL-20221203-7")
    assert again["items_created"] == 0
    assert Item.objects.count() == 1


def test_the_report_says_for_each_row_where_it_went(world, tmp_path):
    summary = receive(roster_xlsx(tmp_path, ROWS))
    batch = Batch.objects.get(pk=summary["batch"])
    sheet = load_workbook(reports_dir() / batch.report_file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("行号", "说明", "收货人")
    by_number = {row[0]: row for row in rows[1:]}
    assert set(by_number) == {4, 5, 6}  # the rows that need a person
    assert "待认领" in by_number[4][1]
    assert "无法派送" in by_number[5][1]
    assert "三箱半" in by_number[6][1]
    assert by_number[4][2:5] == ("某人", None, "王牌路37号邮电宿舍")


def test_a_sheet_with_unknown_columns_is_refused_whole(world, tmp_path):
    workbook = Workbook()
    workbook.active.append(["货号", "重量"])
    workbook.active.append(["A1", 3])
    workbook.save(tmp_path / "bad.xlsx")
    with pytest.raises(CommandError, match="表头"):
        receive(tmp_path / "bad.xlsx")
    assert not Item.objects.exists()


def test_an_unknown_compound_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="没有叫"):
        call_command("receive", str(roster_xlsx(tmp_path, ROWS)), "--compound", "无此小区")
