import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from groupbuy.imports import import_group_orders
from groupbuy.models import Offer
from lib.group_orders import GroupOrderError

KTT = (
    "下单人 团员备注 团长备注 跟团号 商品 规格 数量 商品金额 运费 优惠 订单金额 退款金额 物流方式 "
    "服务小区 服务小区联系人 服务小区电话 服务小区地址 收货人 联系电话 详细地址 "
    "团长 房号 楼号 弄号 支付状态"
).split()


def _ktt_row(number, goods, quantity, line, amount, name, phone, room, building):
    row = dict.fromkeys(KTT, "")
    row.update({"跟团号": number, "商品": goods, "数量": quantity, "商品金额": line,
                "订单金额": amount, "收货人": name, "联系电话": phone, "房号": room,
                "楼号": building, "支付状态": "已支付"})  # fmt: skip
    return [row[k] for k in KTT]


def _xlsx(path, rows, merge=None):
    book = Workbook()
    sheet = book.active
    sheet.append(["快团团 订单导出 2022-04-20"])  # a title row above the header
    for row in rows:
        sheet.append(row)
    for area in merge or []:
        sheet.merge_cells(area)
    book.save(path)
    return path


def test_a_ktt_export_with_multi_row_orders_and_merged_cells(world, tmp_path):
    rows = [
        KTT,
        _ktt_row("1", "牛奶", "2", "11.00", "17.80", "张三丰", "13812345678", "1-101", "1栋"),
        _ktt_row("", "鸡蛋", "1", "6.80", "", "", "", "", ""),  # the same order, cells left blank
        _ktt_row("2", "牛奶", "1", "5.50", "5.50", "李四", "13912340000", "1-201", "2栋"),
        _ktt_row("3", "牛奶", "1", "5.50", "5.50", "路人", "13000000000", "9-909", "9栋"),
    ]
    path = _xlsx(tmp_path / "ktt.xlsx", rows, merge=["K3:K4"])
    result = import_group_orders(compound=world.compound, path=path, user=None)
    assert (result.app, result.rows_read, result.orders) == ("快团团", 4, 3)
    assert (result.households_matched, result.rows_unmatched) == (2, 1)
    assert result.amount_total == Decimal("28.80")
    assert "第5行" in result.unmatched[0] or "第6行" in result.unmatched[0]
    offer = result.offer
    assert offer.status == Offer.Status.CONFIRMED
    lines = {(s.household_id, line.item.name): line.quantity
             for s in offer.signups.all() for line in s.lines.all()}  # fmt: skip
    assert lines == {(world.h101.pk, "牛奶"): 2, (world.h101.pk, "鸡蛋"): 1,
                     (world.h201.pk, "牛奶"): 1}  # fmt: skip
    again = import_group_orders(compound=world.compound, path=path, user=None)
    assert again.repeated and again.offer.pk == offer.pk


def test_a_jielong_csv_and_its_totals_row_through_the_command(world, tmp_path, capsys):
    path = tmp_path / "jl.csv"
    path.write_text(
        "收货人,联系电话,订单总金额,支付状态,收货地址,订购数量\n"
        "张三丰,13812345678,¥30.00,已支付,1栋1单元101,2\n"
        "李四,13912340000,15,已支付,2栋1单元201,1\n"
        "合计,,45.00,,,3\n",
        encoding="utf-8",
    )
    call_command("import-group-orders", str(path), "--compound", "阳光小区", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert printed["rows_read"] == 2 and printed["orders"] == 2
    assert printed["households_matched"] == 2 and printed["rows_unmatched"] == 0
    assert printed["amount_total"] == "45.00"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("名字,数字\n张三,1\n", "不认识这张表的列"),
        (
            "收货人,联系电话,订单总金额,收货地址\n张三丰,13812345678,三十块,1栋1单元101\n",
            "不是金额",
        ),
    ],
)
def test_an_unknown_layout_or_an_amount_that_is_not_a_number_imports_nothing(
    world, tmp_path, text, message
):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GroupOrderError, match=message):
        import_group_orders(compound=world.compound, path=path, user=None)
    assert not Offer.objects.exists()


def test_a_ktt_row_is_matched_by_its_building_and_room_columns_alone(world, tmp_path):
    """楼号 “3栋” and 房号 “2-501” (unit-room), no phone: still one household, 3栋2单元501."""
    from registry.models import Household

    Household.objects.create(unit=world.h301.unit, room="502")  # a neighbour on the landing
    rows = [KTT, _ktt_row("8", "牛奶", "1", "5.50", "5.50", "", "", "2-501", "3栋")]
    result = import_group_orders(
        compound=world.compound, path=_xlsx(tmp_path / "rooms.xlsx", rows), user=None
    )
    assert (result.households_matched, result.rows_unmatched) == (1, 0)
    assert result.offer.signups.get().household == world.h301
