"""Reading a resident's message: where it comes from, what is needed, and how urgent it is.

`parse_message("我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！")` gives
street 王牌路, building 25, unit 1, room 503, category `medical`, urgent. The address comes from
lib.address; the category and the urgency from word lists, read in one pass of an
Aho-Corasick automaton, and a few rules about which need wins when a message names two (see
`_category`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from lib.address import parse_normalised
from lib.chinese import numerals_to_digits, to_halfwidth, to_simplified
from lib.message_words import (  # the word lists are data, kept in their own module
    CHILD,
    DANGEROUS,
    EMERGENCY_CARE,
    EMOTIONAL_WORDS,
    ERRAND_WORDS,
    HIGH_FEVER,
    INQUIRY_WORDS,
    INSULIN_OUT,
    MEDICAL_WORDS,
    MEDICINE_ERRAND,
    NOT_URGENT,
    OFFER_WORDS,
    OTHER_WORDS,
    PET_WORDS,
    QUESTION,
    REQUEST_WORDS,
    SANITATION_WORDS,
    URGENT,
    UTILITY_WORDS,
    WORDS,
)

CATEGORIES = (
    "food", "medicine", "mother_baby", "medical", "utility",
    "errand", "inquiry", "sanitation", "emotional", "other",
)  # fmt: skip
GOODS = ("mother_baby", "medicine", "food")  # which goods win when a message names several


_LEXICON: dict[str, list[str]] = {}
for _goods, _list in WORDS.items():
    for _word in _list:
        _LEXICON.setdefault(_word, []).append(f"goods:{_goods}")
for _tag, _list in (
    ("request", REQUEST_WORDS), ("medical", MEDICAL_WORDS), ("emergency", EMERGENCY_CARE),
    ("utility", UTILITY_WORDS), ("errand", ERRAND_WORDS), ("sanitation", SANITATION_WORDS),
    ("emotional", EMOTIONAL_WORDS), ("other", OTHER_WORDS), ("inquiry", INQUIRY_WORDS),
    ("offer", OFFER_WORDS), ("pet", PET_WORDS),
):  # fmt: skip
    for _word in _list:
        _LEXICON.setdefault(_word, []).append(_tag)
# Longest first, so that 胰岛素 is read before 素 and 抗原试剂 before 抗原.


# Aho-Corasick finds every word of the lexicon in one pass, leftmost-longest (胰岛素 before 素):
# a few microseconds a message, where one regular expression of 600 words took fifteen.
_AUTOMATON = ahocorasick.Automaton()
for _word in _LEXICON:
    _AUTOMATON.add_word(_word, _word)
_AUTOMATON.make_automaton()


def _words(text: str) -> Iterator[str]:
    for end, word in _AUTOMATON.iter_long(text):
        if word.isdigit():
            # 120 counts only standing alone, never inside a room or a phone number.
            start = end - len(word) + 1
            if (start > 0 and text[start - 1].isdigit()) or text[end + 1 : end + 2].isdigit():
                continue
        yield word


@dataclass(frozen=True)
class ParsedMessage:
    street: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    category: str = "other"
    urgent: bool = False
    items: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "street": self.street,
            "building": self.building,
            "unit": self.unit,
            "room": self.room,
            "category": self.category,
            "urgent": self.urgent,
            "items": list(self.items),
        }


def parse_message(text: str) -> ParsedMessage:
    text = to_simplified(to_halfwidth(text or "")).lower()
    address = parse_normalised(numerals_to_digits(text))
    tags: dict[str, int] = {}
    goods: dict[str, list[str]] = {}
    for word in _words(text):
        for tag in _LEXICON[word]:
            tags[tag] = tags.get(tag, 0) + 1
            if tag.startswith("goods:"):
                goods.setdefault(tag[6:], []).append(word)
    category = _category(text, tags, goods)
    items: tuple[str, ...] = ()
    if category in GOODS:
        items = tuple(dict.fromkeys(goods.get(category, [])))
    return ParsedMessage(
        street=address.street,
        building=address.building,
        unit=address.unit,
        room=address.room,
        category=category,
        urgent=_urgent(text, category),
        items=items,
    )


def _category(text: str, tags: dict[str, int], goods: dict[str, list[str]]) -> str:
    question = bool(QUESTION.search(text))
    asks = "request" in tags
    named = [c for c in GOODS if c in goods]
    if "offer" in tags:
        return "other"
    if ("pet" in goods or "pet" in tags) and not named and "emergency" not in tags:
        return "other"
    if "medicine" in goods and MEDICINE_ERRAND.search(text):
        return "medicine"
    # Disinfection after a case is a sanitation request, not a medical one.
    if tags.get("sanitation") and not _care_first(text):
        return "sanitation"
    # A person in need of care now is medical, whatever goods the message also names.
    if "emergency" in tags and not (named and asks and not _care_first(text)):
        return "medical"
    if named and (asks or not question):
        return named[0]
    if tags.get("sanitation"):
        return "sanitation"
    if tags.get("medical"):
        return "medical"
    for category in ("utility", "errand", "emotional"):
        if tags.get(category):
            return category
    if named:
        return "inquiry" if question else named[0]
    if tags.get("other"):
        return "other"
    if question or tags.get("inquiry"):
        return "inquiry"
    return "other"


CARE_FIRST = re.compile(
    r"去医院|送医|就医|(?<!\d)120(?!\d)|救护车|急救|摔倒|跌倒|晕倒|昏迷|抽搐|惊厥|呼吸困难"
    r"|喘不上气|胸口痛|胸痛|要生了|羊水破|打疫苗|狂犬|医生上门|上门看"
)
POSITIVE_TEST = re.compile(r"阳性|两道杠|二道杠|两条杠|两条线|阳了")


def _care_first(text: str) -> bool:
    return bool(CARE_FIRST.search(text))


def _urgent(text: str, category: str) -> bool:
    if INSULIN_OUT.search(text):
        return True
    if HIGH_FEVER.search(text) and CHILD.search(text):
        return True
    if DANGEROUS.search(text):
        return True
    found = URGENT.findall(text)
    # A case mentioned in a request to disinfect or a question is news, not an emergency here.
    if category in ("sanitation", "inquiry") and all(POSITIVE_TEST.fullmatch(f) for f in found):
        return False
    urgent = bool(found)
    if urgent and NOT_URGENT.search(text) and category not in ("medical", "utility"):
        return False
    return urgent
