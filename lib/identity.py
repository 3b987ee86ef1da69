"""Checks for resident ID numbers (居民身份证号) and phone numbers."""

import re
import time
from dataclasses import dataclass
from datetime import date
from operator import mul
from typing import Any

from lib.chinese import to_halfwidth

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_SHAPE = re.compile(r"\d{17}[\dX]")
ID_WEIGHT_OFFSET = 48 * sum(ID_WEIGHTS)
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    # Bytes iterate as character codes; each is 48 above its digit.
    total = sum(map(mul, first17.encode(), ID_WEIGHTS)) - ID_WEIGHT_OFFSET
    return ID_CHECK[total % 11]


_day: list[Any] = [0.0, date.today()]


def _today() -> date:
    # date.today() costs more than the rest of a check; a roster checks a million at once.
    now = time.monotonic()
    if now - _day[0] > 60:
        _day[:] = [now, date.today()]
    today: date = _day[1]
    return today


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    sex: str  # "M" or "F", from the parity of the 17th digit

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)


def parse_id_number(raw: object) -> IdNumber | None:
    """A valid 18-character ID number, normalised (final x becomes X), or None.

    Valid means: 17 digits and a check character, a real birth date not in the future, and the
    right check character. Area codes change over the years, so they are not checked.
    """
    if raw is None:
        return None
    value = to_halfwidth(str(raw)).strip().replace(" ", "").upper()
    if not ID_SHAPE.fullmatch(value):
        return None
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None
    if born.year < 1880 or born > _today():
        return None
    if id_check_digit(value[:17]) != value[17]:
        return None
    return IdNumber(value=value, birth_date=born, sex="M" if int(value[16]) % 2 else "F")


MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")


def normalise_phone(raw: object) -> str | None:
    """A mainland mobile (13812345678) or a landline with its area code (0744-8234567).

    Spaces, dashes, dots and a +86 / 0086 prefix are accepted and dropped for a mobile; a
    landline keeps one dash after the area code. Spreadsheets often hold phones as numbers,
    so 13812345678.0 is accepted too. Anything else is None.
    """
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw)
    if len(text) == 11 and MOBILE.fullmatch(text):
        return text  # the common case, written plainly
    text = to_halfwidth(text).strip()
    text = re.sub(r"[\s()（）.]", "", text)
    text = re.sub(r"^(?:\+86|0086)-?", "", text)
    digits = text.replace("-", "")
    if MOBILE.fullmatch(digits):
        return digits
    if text.startswith("0") and LANDLINE.fullmatch(text):
        if "-" in text:
            area, number = text.split("-", 1)
            return f"{area}-{number}"
        # Without a dash the split is ambiguous; three-digit area codes start with 01 or 02.
        cut = 3 if text[1] in "12" else 4
        return f"{text[:cut]}-{text[cut:]}"
    return None


def mask_phone(phone: str | None) -> str:
    """A mobile keeps its carrier prefix and last four digits (138****5678), as is usual.

    A landline keeps only its last two digits (****-*****67): its area code names the town,
    and with a few more digits that is most of a number a neighbour could guess.
    """
    if not phone:
        return ""
    if MOBILE.fullmatch(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    return re.sub(r"\d", "*", phone[:-2]) + phone[-2:]


def mask_id_number(value: str | None) -> str:
    """Only the birth year shows: 4301**1990********."""
    if not value:
        return ""
    return f"{value[:4]}**{value[6:10]}********"
