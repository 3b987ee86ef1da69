import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.ranges import (
    BuildingRange,
    BuildingRangeError,
    format_building_range,
    parse_building_range,
)


@pytest.mark.parametrize(
    "text",
    ["3-7, 12", "3栋-7栋,12栋", "3号楼至7号楼、12号楼", "3~7，12", "3—7、12", "三栋到七栋，十二栋",
     "3 - 7 12", "３－７，１２", "12, 3-5, 4-7", "3到7和12"],
)  # fmt: skip
def test_the_ways_people_type_three_to_seven_and_twelve(text):
    assert parse_building_range(text) == BuildingRange.of([(3, 7), (12, 12)])


@pytest.mark.parametrize("text", ["全部", "所有", "全小区", " 全部 "])
def test_everything(text):
    building_range = parse_building_range(text)
    assert building_range.everything
    assert format_building_range(building_range) == "全部"


def test_named_buildings_and_numbers_together():
    building_range = parse_building_range("1-3栋,5栋，A座、南区3栋")
    assert building_range.spans == ((1, 3), (5, 5))
    assert building_range.names == ("A座", "南区3栋")
    assert format_building_range(building_range) == "1–3栋、5栋、A座、南区3栋"


def test_format_merges_and_sorts():
    assert format_building_range(parse_building_range("12,3-5,4-7,8")) == "3–8栋、12栋"


def test_resolve_says_what_exists_and_what_does_not():
    compound = ["1栋", "2栋", "3栋", "5栋", "12栋", "A座"]
    resolved = parse_building_range("1-4, 12, 13, A座, B座").resolve(compound)
    assert resolved.matched == ["1栋", "2栋", "3栋", "12栋", "A座"]
    assert resolved.missing == ["4栋", "13栋", "B座"]


def test_resolve_takes_stored_numbers_and_labels_alike():
    resolved = parse_building_range("3号楼至7号楼").resolve(["3", "05", "7号楼", "9"])
    assert resolved.matched == ["3", "05", "7号楼"]
    assert resolved.missing == ["4栋", "6栋"]


def test_resolve_everything_is_every_building():
    resolved = parse_building_range("全小区").resolve(["1栋", "A座"])
    assert resolved.matched == ["1栋", "A座"] and resolved.missing == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "请填写"),
        ("   ", "请填写"),
        (",，、", "请填写"),
        ("7-3", "颠倒"),
        ("1-100000", "太多"),
        ("1-600", "太多"),
        ("123456", "这么大"),
        ("!!!", "看不懂"),
        ("3栋, ???", "看不懂"),
        ("A-C", "看不懂"),
        ("全部, 3", "单独"),
    ],
)
def test_errors_say_what_is_wrong(text, says):
    with pytest.raises(BuildingRangeError, match=says):
        parse_building_range(text)


def test_the_error_is_a_value_error():
    assert issubclass(BuildingRangeError, ValueError)


@given(st.text(max_size=60))
def test_parse_raises_nothing_but_its_own_error(text):
    try:
        building_range = parse_building_range(text)
    except BuildingRangeError:
        return
    assert parse_building_range(format_building_range(building_range)) == building_range


spans = st.tuples(st.integers(0, 400), st.integers(0, 99)).map(lambda p: (p[0], p[0] + p[1]))
names = st.sampled_from(["A座", "B座", "南区3栋", "北区12栋", "C2栋", "3期5栋"])


@given(st.lists(spans, max_size=8), st.lists(names, max_size=3))
def test_format_then_parse_round_trips(span_list, name_list):
    if not span_list and not name_list:
        return
    building_range = BuildingRange.of(span_list, name_list)
    assert parse_building_range(format_building_range(building_range)) == building_range
