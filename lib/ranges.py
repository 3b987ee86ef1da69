"""Which buildings a notice, a test round or a supply distribution covers, as staff type it.

`3-7, 12`, `3栋-7栋`, `3号楼至7号楼`, `3~7`, `3—7，12、15`, `三栋到七栋`, `1-3栋,5栋`, `A座`,
`南区3栋`, and `全部` / `所有` / `全小区`. `parse_building_range` reads it into a
`BuildingRange`; `BuildingRange.resolve` says which of the compound's buildings it names and
which typed buildings do not exist ("没有 13栋"); `format_building_range` writes it back short:
`3–7栋、12栋`. Errors are `BuildingRangeError` with a message in Chinese a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lib.chinese import normalise

# A range longer than this is a typo (1-100000), not a compound.
MAX_SPAN = 500
MAX_NUMBER = 9999
MAX_ITEMS = 200

EVERYTHING = {"全部", "所有", "全小区", "全部楼栋", "所有楼栋", "全体", "全部楼", "all", "ALL"}
_MARK = r"(?:号楼|号栋|栋楼|栋|幢|座|号|#)"
_CONNECTOR = re.compile(r"\s*(?:-|—|–|~|至|到)+\s*")
_SEPARATOR = re.compile(r"[,，、;；/\s]+|和|及|以及")
_NUMBER = re.compile(rf"(\d{{1,6}}){_MARK}?")
_SPAN = re.compile(rf"(\d{{1,6}}){_MARK}?-(\d{{1,6}}){_MARK}?")
# A building with a name rather than a number: A座, 南区3栋, B2栋, 3期5栋.
_NAME = re.compile(rf"(?:[A-Z]{{1,3}}\d{{0,4}}|[\u4e00-\u9fffA-Z0-9]{{1,10}}{_MARK})")
_KEY_MARK = re.compile(rf"{_MARK}$")


class BuildingRangeError(ValueError):
    """The text does not say which buildings: the message says what to type."""


@dataclass(frozen=True)
class Resolved:
    """The compound's buildings a range names, and what was typed that does not exist."""

    matched: list[str]
    missing: list[str]


@dataclass(frozen=True)
class BuildingRange:
    """All buildings, or numbered spans (first, last) and named buildings; kept canonical.

    Build it with `parse_building_range` or `BuildingRange.of`, which merge and sort, so two
    ranges naming the same buildings are equal.
    """

    everything: bool = False
    spans: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]] = (), names: Iterable[str] = ()) -> BuildingRange:
        merged: list[tuple[int, int]] = []
        for first, last in sorted(spans):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        return cls(spans=tuple(merged), names=tuple(sorted(set(names))))

    def __contains__(self, number: object) -> bool:
        if self.everything:
            return True
        if isinstance(number, int):
            return any(first <= number <= last for first, last in self.spans)
        return isinstance(number, str) and _key(number) in self._keys()

    def _keys(self) -> set[int | str]:
        return {_key(name) for name in self.names}

    def resolve(self, buildings: Iterable[str]) -> Resolved:
        """Match against the compound's buildings, given as numbers ("3") or labels ("3栋",
        "A座"), in the compound's order. `matched` keeps them as given; `missing` names what
        was typed and is not there, canonically ("13栋", "20–25栋", "C座")."""
        given = list(buildings)
        if self.everything:
            return Resolved(matched=given, missing=[])
        names = self._keys()
        matched, found_numbers, found_names = [], set(), set()
        for building in given:
            key = _key(building)
            if isinstance(key, int) and key in self:
                matched.append(building)
                found_numbers.add(key)
            elif key in names:
                matched.append(building)
                found_names.add(key)
        missing_spans: list[tuple[int, int]] = []
        for first, last in self.spans:
            start = None
            for number in range(first, last + 2):
                absent = number <= last and number not in found_numbers
                if absent and start is None:
                    start = number
                elif not absent and start is not None:
                    missing_spans.append((start, number - 1))
                    start = None
        missing = _pieces(BuildingRange.of(missing_spans))
        missing += [name for name in self.names if _key(name) not in found_names]
        return Resolved(matched=matched, missing=missing)


def _key(label: str) -> int | str:
    """3栋, 3号楼, "3", "03" → 3; A座, "A" → "A"; 南区3栋 → "南区3"."""
    text = normalise(label).strip().upper()
    stripped = _KEY_MARK.sub("", text) or text
    return int(stripped) if stripped.isdecimal() and stripped.isascii() else stripped


def parse_building_range(text: str) -> BuildingRange:
    """Read what a person typed; raise BuildingRangeError when it says no buildings."""
    norm = normalise(text or "").strip()
    if not norm:
        raise BuildingRangeError("请填写楼栋，例如 3-7、12 或 全部")
    if len(norm) > 2000:
        raise BuildingRangeError("楼栋范围太长，请分几次填写")
    if norm in EVERYTHING:
        return BuildingRange(everything=True)
    spans: list[tuple[int, int]] = []
    names: list[str] = []
    items = [item for item in _SEPARATOR.split(_CONNECTOR.sub("-", norm)) if item]
    if not items:
        raise BuildingRangeError("请填写楼栋，例如 3-7、12 或 全部")
    if len(items) > MAX_ITEMS:
        raise BuildingRangeError(f"一次最多填写 {MAX_ITEMS} 段楼栋")
    for item in items:
        item = item.upper()
        if item in EVERYTHING:
            raise BuildingRangeError(f"“{item}”要单独填写，不能和具体楼栋写在一起")
        if match := _SPAN.fullmatch(item):
            first, last = int(match.group(1)), int(match.group(2))
            if first > last:
                raise BuildingRangeError(f"“{item}”前后颠倒了，是不是 {last}-{first}？")
            if last - first + 1 > MAX_SPAN:
                raise BuildingRangeError(f"“{item}”跨了 {last - first + 1} 栋，太多了，请检查")
            if last > MAX_NUMBER:
                raise BuildingRangeError(f"没有这么大的楼号：{last}")
            spans.append((first, last))
        elif match := _NUMBER.fullmatch(item):
            number = int(match.group(1))
            if number > MAX_NUMBER:
                raise BuildingRangeError(f"没有这么大的楼号：{number}")
            spans.append((number, number))
        elif _NAME.fullmatch(item) and "-" not in item:
            names.append(item)
        else:
            raise BuildingRangeError(f"看不懂“{item}”：请写楼号，例如 3-7、12栋、A座 或 全部")
    return BuildingRange.of(spans, names)


def _pieces(building_range: BuildingRange) -> list[str]:
    pieces = [
        f"{first}栋" if first == last else f"{first}–{last}栋"
        for first, last in building_range.spans
    ]
    return pieces + list(building_range.names)


def format_building_range(building_range: BuildingRange) -> str:
    """The canonical short text: 3–7栋、12栋、A座, or 全部. Parsing it gives the same range."""
    if building_range.everything:
        return "全部"
    return "、".join(_pieces(building_range))
