"""Fair case filling at the cut-off (Foodsoft's rule), as a pure function of the sign-ups.

An item sold in whole cases of `case` units orders as many cases as the sign-ups fill; a last,
partly filled case is ordered too when the households' tolerances ("I would take up to N more")
complete it. The cases' units then go first come first served: each household in turn gets what
it asked while units remain, then, in the same order, its tolerance while units remain. Whoever
gets less than asked is told why: the last case could not be filled.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Want:
    key: int  # the sign-up line
    asked: int  # thousandths of the unit
    tolerance: int = 0


@dataclass
class Filled:
    cases: int
    units: int  # thousandths: what is ordered from the supplier
    given: dict[int, int]  # line → thousandths allocated
    short: dict[int, int]  # line → thousandths asked and not given
    open_case: int  # thousandths in the last case that could not be completed (0: none)


def fill_cases(wants: list[Want], case_size: int) -> Filled:
    """Allocate one item; `wants` in first-come order, `case_size` in whole units."""
    asked = sum(w.asked for w in wants)
    if case_size <= 1:
        return Filled(cases=0, units=asked, given={w.key: w.asked for w in wants}, short={},
                      open_case=0)  # fmt: skip
    case = case_size * 1000
    tolerance = sum(w.tolerance for w in wants)
    cases, rest = divmod(asked, case)
    if rest and rest + tolerance >= case:
        cases, rest = cases + 1, 0
    left = cases * case
    given: dict[int, int] = {}
    for want in wants:
        take = min(want.asked, left)
        given[want.key] = take
        left -= take
    for want in wants:
        if left <= 0:
            break
        more = min(want.tolerance, left)
        given[want.key] += more
        left -= more
    short = {w.key: w.asked - given[w.key] for w in wants if given[w.key] < w.asked}
    return Filled(cases=cases, units=cases * case, given=given, short=short, open_case=rest)
