import json
from pathlib import Path

import pytest

from lib.message import CATEGORIES, parse_message

DATA = Path(__file__).parent / "data"
FIELDS = ("street", "building", "unit", "room", "category", "urgent")


def labelled():
    return [json.loads(line) for line in (DATA / "messages.jsonl").read_text("utf-8").splitlines()]


def holdout(name="messages_holdout.tsv"):
    rows = []
    for line in (DATA / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, urgent, street, building, unit, room, text = line.split("\t")
            rows.append({"text": text, "category": category, "urgent": urgent == "true",
                         "street": street or None, "building": building or None,
                         "unit": unit or None, "room": room or None})  # fmt: skip
    return rows


def accuracy(rows):
    right = dict.fromkeys(FIELDS, 0)
    for row in rows:
        got = parse_message(row["text"]).as_dict()
        for name in FIELDS:
            right[name] += got[name] == row[name]
    return {name: right[name] / len(rows) for name in FIELDS}


def test_the_labelled_set_is_big_and_covers_every_category():
    rows = labelled()
    assert len(rows) >= 300
    assert {row["category"] for row in rows} == set(CATEGORIES)
    assert any(
        any("\u4e00" <= ch <= "\u9fff" and ch in "買藥號樓" for ch in r["text"]) for r in rows
    )


@pytest.mark.parametrize(
    "rows",
    [labelled(), holdout(), holdout("messages_holdout2.tsv")],
    ids=["labelled", "holdout", "holdout2"],
)
def test_accuracy_per_field(rows):
    scores = accuracy(rows)
    # Addresses must be right; the category and urgency are judged by people after us too.
    for name in ("street", "building", "unit", "room"):
        assert scores[name] >= 0.98, (name, scores)
    assert scores["category"] >= 0.9, scores
    assert scores["urgent"] >= 0.95, scores


def test_the_seed_example():
    result = parse_message("我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！")
    assert result.as_dict() | {"items": []} == {
        "street": "王牌路", "building": "25", "unit": "1", "room": "503",
        "category": "medical", "urgent": True, "items": [],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "category", "urgent"),
    [
        ("发烧39度，想买退烧药", "medicine", False),
        ("孩子发烧39度5，想买退烧药", "medicine", True),
        ("体温40度了，浑身发抖", "medical", True),
        ("发烧了，家里没有退烧药，能帮忙买吗", "medicine", False),
        ("胰岛素用完了", "medicine", True),
        ("请问垃圾什么时候收？", "sanitation", False),
        ("请问什么时候解封？", "inquiry", False),
        ("闻到煤气味", "utility", True),
        ("被狗咬了", "medical", True),
        ("我家猫生病了，能找兽医吗", "other", False),
        ("我有多余的大米可以捐给邻居", "other", False),
        ("宝宝奶粉没了", "mother_baby", False),
        ("不急，有空帮买点面条", "food", False),
    ],
)
def test_which_need_wins(text, category, urgent):
    result = parse_message(text)
    assert (result.category, result.urgent) == (category, urgent)


def test_a_room_number_or_phone_with_120_in_it_is_no_ambulance():
    result = parse_message("3栋2单元1201，电话13812012000，买两斤鸡蛋")
    assert (result.category, result.urgent, result.room) == ("food", False, "1201")
    assert result.items == ("鸡蛋",)


def test_traditional_and_fullwidth():
    result = parse_message("３棟２單元５０１ 我媽的降壓藥吃完了")
    assert (result.building, result.unit, result.room, result.category) == (
        "3",
        "2",
        "501",
        "medicine",
    )


def test_empty_and_huge_messages_do_not_break_it():
    assert parse_message("").category == "other"
    assert parse_message("米" * 100_000).category == "food"
