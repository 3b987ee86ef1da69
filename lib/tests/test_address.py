import pytest

from lib.address import floor_of, parse_address


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10栋2单元301", (None, "10", "2", "301")),
        ("10幢2单元301室", (None, "10", "2", "301")),
        ("10号楼2单元301", (None, "10", "2", "301")),
        ("10-2-301", (None, "10", "2", "301")),
        ("10#2-301", (None, "10", "2", "301")),
        ("3号楼1门502", (None, "3", "1", "502")),
        # 快团团 楼号 + 房号 joined: the unit before a dash.
        ("7栋3-101", (None, "7", "3", "101")),
        ("7号楼-3-101", (None, "7", "3", "101")),
        ("十栋二单元三零一", (None, "10", "2", "301")),
        ("二十三号楼", (None, "23", None, None)),
        ("１０栋", (None, "10", None, None)),
        ("１０－２－３０１", (None, "10", "2", "301")),
        ("1棟1單元", (None, "1", "1", None)),
        ("静园巷13号1单元103", ("静园巷", "13", "1", "103")),
        ("8号楼", (None, "8", None, None)),
        ("4栋1单元", (None, "4", "1", None)),
        ("3栋501", (None, "3", None, "501")),
        ("3号1单元501", (None, "3", "1", "501")),
        ("延安西路123弄5号301室", ("延安西路123弄", "5", None, "301")),
        ("2单元501", (None, None, "2", "501")),
        ("老人在501室", (None, None, None, "501")),
        ("3-501 要米", (None, "3", None, "501")),
    ],
)
def test_it_reads_every_written_form(text, expected):
    address = parse_address(text)
    assert (address.street, address.building, address.unit, address.room) == expected


def test_it_finds_the_address_inside_a_seed_message():
    text = "我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！"
    assert parse_address(text).as_dict() == {
        "street": "王牌路",
        "building": "25",
        "unit": "1",
        "room": "503",
    }


@pytest.mark.parametrize(
    "text",
    [
        "电话138-1234-5678，请回电",
        "手机 13812345678",
        "买了35.5元的菜，一共128元",
        "快递单号SF1234567890到了",
        "2022-04-15 核酸几点开始",
        "价格50-100元",
        "电话0744-8234567",
        "",
    ],
)
def test_it_does_not_take_a_phone_amount_or_parcel_for_a_room(text):
    assert parse_address(text).is_empty


def test_it_ignores_phone_and_amount_around_an_address():
    address = parse_address("3栋2单元501的张阿姨要降压药，电话13812345678，已垫付50元")
    assert (address.building, address.unit, address.room) == ("3", "2", "501")


def test_a_date_before_the_address_is_not_read_as_one():
    address = parse_address("2022-04-15 三栋一单元五零二")
    assert (address.building, address.unit, address.room) == ("3", "1", "502")


def test_the_floor_comes_from_the_room():
    assert floor_of("501") == 5
    assert floor_of("1203") == 12
    assert floor_of("5") is None
    assert floor_of(None) is None
    assert floor_of("①②③") is None  # digits to the eye, not to int()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3栋2单元 200元的菜钱已付", ("3", "2", None)),
        ("3栋2单元 10:30送到", ("3", "2", None)),
        ("3栋2单元12个鸡蛋", ("3", "2", None)),
        ("3栋2单元501 买了200元的菜", ("3", "2", "501")),
        ("10-2-301 付了35元", ("10", "2", "301")),
        ("3栋2单元13812345678", ("3", "2", None)),
    ],
)
def test_a_quantity_after_an_address_is_not_a_room(text, expected):
    address = parse_address(text)
    assert (address.building, address.unit, address.room) == expected
