"""Ids typed into forms and URLs: a number the database can hold, or nothing.

A 20-digit id in a query string is no error of the person's making worth a 500: PostgreSQL's
bigint and SQLite's INTEGER both stop at 2**63 - 1, and a lookup past that raises in the driver.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_ID = 2**63 - 1
MAX_DIGITS = len(str(MAX_ID))


def parse_id(text: str | None) -> int | None:
    """The id in `text`, or None when it is not a positive number the database can store."""
    if not text:
        return None
    text = text.strip()
    # isdecimal() admits other scripts' digits ("٣"), which int() reads; keep ASCII only.
    if not text.isascii() or not text.isdecimal() or len(text) > MAX_DIGITS:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_ids(texts: Iterable[str]) -> set[int] | None:
    """Every id in `texts`, or None when any of them is not one."""
    ids = set()
    for text in texts:
        value = parse_id(text)
        if value is None:
            return None
        ids.add(value)
    return ids
