import csv

import pytest

from lib.consignment import ConsignmentError, read_consignment, read_lines


def write_csv(tmp_path, rows, name="list.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


@pytest.mark.parametrize(
    "header",
    [
        ["收件人", "电话", "地址", "件数", "品类", "备注"],
        ["收货人", "手机", "收货地址", "数量", "商品", "说明"],
        ["姓名", "联系电话", "详细地址", "数量", "类别", "备注"],
    ],
)
def test_the_common_column_names_are_recognised(tmp_path, header):
    path = write_csv(
        tmp_path,
        [
            ["华联超市 配送单"],
            header,
            ["张三", "13812345678", "1栋1单元101", "2", "蔬菜", "放门口"],
        ],
    )
    _header, rows = read_consignment(path)
    [row] = list(rows)
    assert (row.name, row.phone, row.where, row.pieces, row.goods, row.notes) == (
        "张三", "13812345678", "1栋1单元101", 2, "蔬菜", "放门口",
    )  # fmt: skip
    assert row.number == 3


def test_building_unit_and_room_in_their_own_columns(tmp_path):
    path = write_csv(tmp_path, [["楼号", "单元", "房号", "收件人"], ["3", "2", "501", "王五"]])
    [row] = list(read_consignment(path)[1])
    assert row.where == "3-2-501"


@pytest.mark.parametrize("count", ["0", "-2", "两箱半", "100000", "1.5"])
def test_an_impossible_count_is_rejected_with_the_value(tmp_path, count):
    path = write_csv(tmp_path, [["收件人", "地址", "件数"], ["张三", "1-1-101", count]])
    [row] = list(read_consignment(path)[1])
    assert count in row.rejected


def test_a_row_with_nobody_to_deliver_to_is_rejected(tmp_path):
    path = write_csv(
        tmp_path, [["收件人", "地址", "件数", "商品"], ["", "", "1", "米"], ["", "", "", ""]]
    )
    rows = list(read_consignment(path)[1])
    assert len(rows) == 1  # the blank row is not a row
    assert "无法派送" in rows[0].rejected


def test_a_sheet_with_unknown_columns_says_what_it_needs(tmp_path):
    path = write_csv(tmp_path, [["货号", "重量"], ["A1", "3"]])
    with pytest.raises(ConsignmentError, match="收件人"):
        read_consignment(path)


def test_pasted_lines_are_one_label_each():
    rows = read_lines("10栋2单元301 张三 2件\n\n  1-1-101 李四  \n")
    assert [(r.number, r.label, r.pieces) for r in rows] == [
        (1, "10栋2单元301 张三 2件", 2), (3, "1-1-101 李四", 1),
    ]  # fmt: skip
