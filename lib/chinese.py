"""Normalising what people type: full-width characters, traditional forms, Chinese numerals."""

import re

from pypinyin import Style, lazy_pinyin

# Traditional characters that appear in addresses, mapped to the simplified forms we match on.
TRADITIONAL = str.maketrans(
    {
        "棟": "栋",
        "單": "单",
        "號": "号",
        "樓": "楼",
        "門": "门",
        "區": "区",
        "層": "层",
        "兩": "两",
        "萬": "万",
        "園": "园",
        "裡": "里",
        "裏": "里",
        "衚": "胡",
        "衕": "同",
        "東": "东",
        "電": "电",
        "話": "话",
    }
)

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_RUN = re.compile("[零〇○一二两三四五六七八九十百千]+")


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (１０栋, Ａ座, －) becomes ordinary ASCII; the ideographic space a space."""
    out = []
    for ch in text:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


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
    text = to_halfwidth(text).translate(TRADITIONAL)

    def replace(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(0))
        return match.group(0) if value is None else str(value)

    return NUMERAL_RUN.sub(replace, text)


def pinyin_initials(name: str) -> str:
    """张三丰 → zsf. Letters and digits in the name are kept as they are, lower-cased."""
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")
    return "".join(letters).lower().replace(" ", "")


def full_pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name)).lower()
