"""Reading a resident's message: where it comes from, what is needed, and how urgent it is.

`parse_message("我是王牌路25号1单元503的，我高血压犯了，脑壳又晕又痛，要马上去医院！")` gives
street 王牌路, building 25, unit 1, room 503, category `medical`, urgent, confidence `high`. The
address comes from lib.address; the category from word lists (lib.message_words, read in one
pass of an Aho-Corasick automaton) and a few rules about which need wins when a message names two
(`_category`), helped by a character n-gram classifier (lib.message_model) learnt from the
labelled sets and the community's corrections; the urgency from the rules alone (`_signs`).

Urgency is recall first: any sign of injury, bleeding, breathing, consciousness, a fall, an unwell
infant or child, a pregnancy in trouble, gas, fire, water or a building without power makes a
message urgent, because a person looks at every flag and a missed emergency costs more than a
false one.

`confidence` is `"high"` or `"low"`. It is low when the parse rests on little (no word of any
need was found, and the classifier chose), when the classifier leans to another category than the
one the rules chose from words alone (not from a sign, nor from goods named and asked for), or
when an urgent sign was set aside (a pet's injury, "不急" beside a sign); the confirm screen and
the pool show a low parse to a person to check. A message a person corrected (lib.message_model
remembers it) parses as they chose, with high confidence.

The model in use is the base one, trained at the first parse on the labelled sets shipped in
lib/tests/data, until `use_model()` installs another (the help desk installs the one that
`linli train-parser` stores).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from lib import message_model
from lib.address import parse_normalised
from lib.chinese import numerals_to_digits, to_halfwidth, to_simplified
from lib.message_words import (  # the word lists are data, kept in their own module
    ASK_FOR,
    BUY,
    CARE_SIGNS,
    CHILD,
    DANGEROUS,
    EMERGENCY_CARE,
    EMOTIONAL_WORDS,
    ERRAND_WORDS,
    FETCH,
    HELP,
    HIGH_FEVER,
    HOME_SIGNS,
    INQUIRY_WORDS,
    INSULIN_OUT,
    LONELY,
    MEDICAL_WORDS,
    MEDICINE_ERRAND,
    NOISE,
    NOT_URGENT,
    OFFER_WORDS,
    OTHER_WORDS,
    PARCEL,
    PERSON,
    PET,
    PET_HURTS_PERSON,
    PET_WORDS,
    QUESTION,
    REQUEST_WORDS,
    SANITATION_WORDS,
    SIGNS,
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
# a few microseconds a message, where one regular expression of 600 words took fifteen. Each word
# carries its tags, the goods it names (if any) and whether it is a number.
_AUTOMATON = ahocorasick.Automaton()
for _word, _tags in _LEXICON.items():
    _kinds = [t[6:] for t in _tags if t.startswith("goods:")]
    _plain = dict.fromkeys(t for t in _tags if not t.startswith("goods:"))
    _AUTOMATON.add_word(_word, (_word, _plain, _kinds[0] if _kinds else None, _word.isdigit()))
_AUTOMATON.make_automaton()


def _read_words(text: str) -> tuple[dict[str, None], dict[str, list[str]]]:
    """The tags of the lexicon's words in a message, and the goods it names, by category."""
    tags: dict[str, None] = {}
    goods: dict[str, list[str]] = {}
    for end, (word, word_tags, kind, number) in _AUTOMATON.iter_long(text):
        if number:
            # 120 counts only standing alone, never inside a room or a phone number.
            start = end - len(word) + 1
            if (start > 0 and text[start - 1].isdigit()) or text[end + 1 : end + 2].isdigit():
                continue
        tags.update(word_tags)
        if kind is not None:
            goods.setdefault(kind, []).append(word)
    return tags, goods


@dataclass(frozen=True)
class ParsedMessage:
    street: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    category: str = "other"
    urgent: bool = False
    items: tuple[str, ...] = field(default=())
    confidence: str = "high"  # "high" or "low": see the module's docstring

    def as_dict(self) -> dict[str, Any]:
        return {
            "street": self.street,
            "building": self.building,
            "unit": self.unit,
            "room": self.room,
            "category": self.category,
            "urgent": self.urgent,
            "items": list(self.items),
            "confidence": self.confidence,
        }


HIGH, LOW = "high", "low"
# How sure the rules are of a category: a sign of an emergency, goods named and asked for (FIRM),
# other words of a need, or nothing but a default (a question, or no word at all).
SIGN, FIRM, WORDS_FOUND, FALLBACK = "sign", "firm", "words", "fallback"
# Below this the classifier's choice over a default is not worth taking.
TAKE = 0.5

_model: message_model.Model | None = None
_model_loaded = False


def use_model(model: message_model.Model | None) -> None:
    """Parse with this model from now on; None goes back to the base model on the next parse."""
    global _model, _model_loaded
    _model, _model_loaded = model, model is not None


def base_model() -> message_model.Model | None:
    """The model trained on the shipped labelled sets alone (None if they are not installed)."""
    rows = message_model.labelled_rows()
    return message_model.train(rows, CATEGORIES) if rows else None


def current_model() -> message_model.Model | None:
    global _model, _model_loaded
    if not _model_loaded:
        _model, _model_loaded = base_model(), True
    return _model


def _anchors(pattern: str) -> frozenset[str] | None:
    """Characters of which every match of the pattern holds at least one, or None if unknown.

    For each top-level branch, the first character, class or group that every match of the branch
    must hold: a message holding none of them cannot match, so its search is skipped (most
    messages hold no sign at all, and 27 searches cost more than the rest of the parse). Checked
    against the full searches on every shipped message by the tests.
    """
    anchors: set[str] = set()
    for branch in _split(pattern):
        found = _branch_anchors(branch)
        if found is None:
            return None
        anchors |= found
    return frozenset(anchors)


def _split(pattern: str) -> list[str]:
    branches, depth, start, i = [], 0, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":
            i = pattern.index("]", i)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*branches, pattern[start:]]


# Characters in most messages: a poor anchor, taken only when a branch has no other.
_COMMON = frozenset(
    "不一没我你他她们出大好很了的是在有人要吗能可以家里都上下来去说打电话联系天想送到楼号栋单元室"
)


def _branch_anchors(branch: str) -> frozenset[str] | None:
    candidates = []
    i = 0
    while i < len(branch):
        ch, found, end = branch[i], None, i + 1
        if ch == "\\":
            end = i + 2
        elif ch == "[":
            end = branch.index("]", i) + 1
            if branch[i + 1] != "^" and "-" not in branch[i + 1 : end - 1]:
                found = frozenset(branch[i + 1 : end - 1])
        elif ch == "(":
            depth, end = 1, i + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(branch[end], 0)
                end += 1
            inner = branch[i + 1 : end - 1]
            if inner.startswith(("?<!", "?<=", "?!", "?=")):
                i = end
                continue
            found = _anchors(inner.removeprefix("?:"))
        elif ch.isascii() and ch.isdigit():
            # A number is one anchor, looked for whole (120, not every 1 of every room number).
            while end < len(branch) and branch[end].isdigit():
                end += 1
            found = frozenset([branch[i:end]])
        elif ch.isalnum():
            found = frozenset(ch)
        optional = branch[end : end + 1] in ("?", "*", "{")
        if found is not None and not optional:
            candidates.append(found)
        if branch[end : end + 1] in ("?", "*", "+"):
            end += 1
        elif branch[end : end + 1] == "{":
            end = branch.index("}", end) + 1
        i = end
    if not candidates:
        return None
    return min(candidates, key=lambda found: (len(found & _COMMON), len(found)))


def _literal(branch: str) -> bool:
    return bool(branch) and re.escape(branch) == branch


# The branches of the signs that are plain words are read in one pass of an automaton, like the
# lexicon; the others are searched only in messages holding one of their anchors.
_SIGN_WORDS = ahocorasick.Automaton()
_sign_words: dict[str, set[str]] = {}
_SIGNS: dict[str, tuple[frozenset[str] | None, re.Pattern[str]]] = {}
for _name, _pattern in SIGNS.items():
    _branches = _split(_pattern)
    for _branch in _branches:
        if _literal(_branch):
            _sign_words.setdefault(_branch, set()).add(_name)
    _rest = "|".join(b for b in _branches if not _literal(b))
    if _rest:
        _SIGNS[_name] = (_anchors(_rest), re.compile(_rest))
for _word, _names in sorted(_sign_words.items()):
    _SIGN_WORDS.add_word(_word, tuple(sorted(_names)))
_SIGN_WORDS.make_automaton()
_ALWAYS = [name for name, (anchors, _) in _SIGNS.items() if anchors is None]
_BY_ANCHOR: dict[str, list[str]] = {}  # a character, and the signs it may begin
_BY_NUMBER: dict[str, list[str]] = {}  # a number, and the signs it may begin
for _name, (_anchor_set, _) in _SIGNS.items():
    for _anchor in sorted(_anchor_set or ()):
        (_BY_ANCHOR if len(_anchor) == 1 else _BY_NUMBER).setdefault(_anchor, []).append(_name)
_ANCHOR_CHARS = frozenset(_BY_ANCHOR)


def parse_message(text: str) -> ParsedMessage:
    text = to_simplified(to_halfwidth(text or "")).lower()
    address = parse_normalised(numerals_to_digits(text))
    tags, goods = _read_words(text)
    signs, set_aside = _signs(text)
    question = QUESTION.search(text) is not None
    category, strength = _category(text, tags, goods, signs, question)
    urgent, unsure = _urgent(text, category, signs)
    confidence = LOW if (set_aside or unsure) else HIGH
    model = _model if _model_loaded else current_model()
    remembered = model.recall(text) if model is not None else None
    if remembered is not None:
        # A person corrected this message (or one nearly the same): their category, and never
        # less urgent than the rules say.
        category, urgent, confidence = remembered[0], urgent or remembered[1], HIGH
    elif strength == FALLBACK:
        # No word of any need: the classifier's guess if it has one, for a person to check.
        confidence = LOW
        if model is not None:
            guess = model.predict(text)
            if guess.probability >= TAKE:
                category = guess.category
    elif strength == WORDS_FOUND and model is not None and (goods or question):
        # Words of a need, in a question or beside goods not asked for (where the rules went
        # wrong on unseen messages), and the classifier, which has read the labelled sets and
        # the corrections, leans elsewhere: the rules keep the category and a person should look.
        # Asked only there, because it costs as much as the rest of the parse.
        guess = model.predict(text)
        if guess.category != category and guess.probability >= TAKE:
            confidence = LOW
    items: tuple[str, ...] = ()
    if category in GOODS:
        items = tuple(dict.fromkeys(goods.get(category, [])))
    return ParsedMessage(
        street=address.street,
        building=address.building,
        unit=address.unit,
        room=address.room,
        category=category,
        urgent=urgent,
        items=items,
        confidence=confidence,
    )


def _signs(text: str) -> tuple[set[str], bool]:
    """The kinds of urgent sign in a message, and whether some were set aside as a pet's."""
    signs: set[str] = set()
    for _, names in _SIGN_WORDS.iter(text):
        signs.update(names)
    candidates = set(_ALWAYS)
    for ch in _ANCHOR_CHARS.intersection(text):
        candidates.update(_BY_ANCHOR[ch])
    for number, names in _BY_NUMBER.items():
        if number in text:
            candidates.update(names)
    signs.update(name for name in candidates - signs if _SIGNS[name][1].search(text))
    if signs & CARE_SIGNS and PET.search(text) and not PET_HURTS_PERSON.search(text):
        if not PERSON.search(text):
            # 狗狗被门夹到腿了: the pet is hurt, a case for a vet, not the office's emergency.
            return signs - CARE_SIGNS - {"bitten"}, True
    return signs, False


def _category(
    text: str, tags: dict[str, None], goods: dict[str, list[str]], signs: set[str], question: bool
) -> tuple[str, str]:
    named = [c for c in GOODS if c in goods]
    # Asking matters only for goods; 还有大米吗 and 能发几个吗 ask as much as 帮忙买.
    asks = bool(named) and ("request" in tags or bool(ASK_FOR.search(text)))
    if "offer" in tags:
        return "other", FIRM
    # A person who needs care now is medical, whatever goods the message also asks for; a child
    # unwell is medical unless what is asked for is goods (孩子发烧39度5，想买退烧药).
    care = signs & CARE_SIGNS
    if care and (care - {"infant", "child"} or not (named and asks)):
        return "medical", SIGN
    if signs & HOME_SIGNS:
        return "utility", SIGN
    if "unreachable" in signs:
        # Someone who does not answer may be lying hurt: a visit, unless gas or fire explains it.
        return "medical", SIGN
    if "suicide" in signs:
        return "emotional", SIGN
    if "pet" in goods or "pet" in tags or PET.search(text):
        # A pet's food, care or troubles (food words beside a pet are its food), unless a person
        # was bitten or a person also needs medicine or baby goods.
        if "bitten" not in signs and (not named or named == ["food"] or not PERSON.search(text)):
            return "other", WORDS_FOUND
    if PARCEL.search(text):
        if FETCH.search(text):
            return "errand", FIRM
        if question:
            return "inquiry", WORDS_FOUND
    if "medicine" in goods and MEDICINE_ERRAND.search(text):
        return "medicine", FIRM
    # Disinfection after a case is a sanitation request, not a medical one.
    if "sanitation" in tags and not _care_first(text):
        return "sanitation", WORDS_FOUND
    if "emergency" in tags and not (named and asks and not _care_first(text)):
        return "medical", WORDS_FOUND
    if named and asks:
        return named[0], FIRM
    if named and not question:
        return named[0], WORDS_FOUND
    if "medical" in tags:
        # A symptom and something to buy, no goods named: 嗓子疼，能帮忙买点润喉片吗.
        return ("medicine" if BUY.search(text) else "medical"), WORDS_FOUND
    if NOISE.search(text):
        return "other", WORDS_FOUND
    if "errand" in tags and question and not HELP.search(text):
        # 外卖可以送到楼下吗: whether it may be done, not a request to do it.
        return "inquiry", WORDS_FOUND
    for category in ("utility", "errand", "emotional"):
        if category in tags:
            return category, WORDS_FOUND
    if LONELY.search(text):
        return "emotional", WORDS_FOUND
    if named:
        return ("inquiry" if question else named[0]), WORDS_FOUND
    if "other" in tags:
        return "other", WORDS_FOUND
    if "inquiry" in tags:
        return "inquiry", WORDS_FOUND
    return ("inquiry" if question else "other"), FALLBACK


CARE_FIRST = re.compile(
    r"去医院|送医|就医|(?<!\d)120(?!\d)|救护车|急救|摔倒|跌倒|晕倒|昏迷|抽搐|惊厥|呼吸困难"
    r"|喘不上气|胸口痛|胸痛|要生了|羊水破|打疫苗|狂犬|医生上门|上门看"
)


def _care_first(text: str) -> bool:
    return bool(CARE_FIRST.search(text))


def _urgent(text: str, category: str, signs: set[str]) -> tuple[bool, bool]:
    """Whether a message is urgent, and whether that is unsure (a sign set aside by 不急)."""
    # Each search only where its key word is: most messages hold none of them.
    if "胰岛素" in text and INSULIN_OUT.search(text):
        return True, False
    if HIGH_FEVER.search(text) and CHILD.search(text):
        return True, False
    if ("血压" in text or "站不" in text or "走不了" in text) and DANGEROUS.search(text):
        return True, False
    # A case mentioned in a request to disinfect or a question is news, not an emergency here.
    if category in ("sanitation", "inquiry") and signs == {"positive"}:
        return False, False
    if signs and NOT_URGENT.search(text) and category not in ("medical", "utility"):
        return False, True
    return bool(signs), False
