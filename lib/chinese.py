"""Normalising what people type: full-width characters, traditional forms, Chinese numerals."""

import re

import opencc
from pypinyin import Style, lazy_pinyin

# OpenCC's traditional → simplified conversion, about 2 µs a message.
_T2S = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """1棟1單元 → 1栋1单元; 高血壓 → 高血压. Simplified text is left as it is."""
    if text.isascii():
        return text
    converted: str = _T2S.convert(text)
    return converted


DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_RUN = re.compile("[零〇○一二两三四五六七八九十百千]+")


HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１０栋, Ａ座, －) becomes ordinary ASCII; the ideographic space a space."""
    # Most cells have no full-width character: a search is much cheaper than a translation.
    if text.isascii() or not FULLWIDTH.search(text):
        return text
    return text.translate(HALFWIDTH)


def chinese_to_int(numeral: str) -> int | None:
    """二十三 → 23, 十 → 10, 一百零一 → 101, 三零一 → 301 (read digit by digit).

    Returns None for text that is not a numeral.
    """
    if not numeral or any(ch not in DIGITS and ch not in UNITS for ch in numeral):
        return None
    if not any(ch in UNITS for ch in numeral):
        # Room numbers are read digit by digit: 三零一 is 301.
        return int("".join(str(DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    if digit is not None:
        total += digit
    return total


def normalise(text: str) -> str:
    """Half-width, simplified, with Chinese numerals written as Arabic digits."""
    return numerals_to_digits(to_simplified(to_halfwidth(text)))


def numerals_to_digits(text: str) -> str:
    """十栋二单元三零一 → 10栋2单元301."""

    def replace(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(0))
        return match.group(0) if value is None else str(value)

    return NUMERAL_RUN.sub(replace, text)


_INITIALS: dict[str, str] = {}


def pinyin_initials(name: str) -> str:
    """张三丰 → zsf. Letters and digits in the name are kept as they are, lower-cased.

    Names are read a character at a time (a name is not a phrase), which lets a roster of a
    million names share one small cache.
    """
    try:
        return "".join([_INITIALS[ch] for ch in name])
    except KeyError:
        pass  # a character not seen yet
    out = []
    for ch in name:
        initial = _INITIALS.get(ch)
        if initial is None:
            letters = lazy_pinyin(ch, style=Style.FIRST_LETTER, errors="default")
            initial = "".join(letters).lower().strip()
            if len(_INITIALS) < 50_000:
                _INITIALS[ch] = initial
        out.append(initial)
    return "".join(out)


_SYLLABLES: dict[str, str] = {}


def full_pinyin(name: str) -> str:
    """蒋强 → jiangqiang, a character at a time and cached, as pinyin_initials."""
    out = []
    for ch in name:
        syllable = _SYLLABLES.get(ch)
        if syllable is None:
            syllable = "".join(lazy_pinyin(ch, errors="default")).lower().strip()
            if len(_SYLLABLES) < 50_000:
                _SYLLABLES[ch] = syllable
        out.append(syllable)
    return "".join(out)
