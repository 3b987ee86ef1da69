import pytest

from lib.chinese import chinese_to_int, normalise, pinyin_initials, to_halfwidth


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十", 10), ("二十三", 23), ("一百零一", 101), ("三零一", 301), ("两", 2), ("十五", 15)],
)
def test_chinese_numerals(numeral, value):
    assert chinese_to_int(numeral) == value


def test_halfwidth_and_traditional():
    assert to_halfwidth("１０栋Ａ") == "10栋A"
    assert normalise("1棟1單元") == "1栋1单元"


def test_pinyin_initials():
    assert pinyin_initials("张三丰") == "zsf"
    assert pinyin_initials("李 四") == "ls"
