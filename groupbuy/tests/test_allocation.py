from hypothesis import given
from hypothesis import strategies as st

from groupbuy.allocation import Want, fill_cases


def test_a_case_is_ordered_when_tolerances_complete_it():
    # 12 boxes to a case: 5 + 4 asked, and the second household would take 3 more.
    filled = fill_cases([Want(1, 5000), Want(2, 4000, tolerance=3000)], case_size=12)
    assert filled.cases == 1
    assert filled.given == {1: 5000, 2: 7000}
    assert filled.short == {}


def test_the_last_to_sign_up_lose_what_does_not_fill_a_case():
    filled = fill_cases([Want(1, 10000), Want(2, 4000), Want(3, 2000)], case_size=12)
    assert filled.cases == 1
    assert filled.given == {1: 10000, 2: 2000, 3: 0}
    assert filled.short == {2: 2000, 3: 2000}
    assert filled.open_case == 4000


def test_singly_sold_items_go_to_everyone_as_asked():
    filled = fill_cases([Want(1, 1500), Want(2, 2500)], case_size=1)
    assert filled.given == {1: 1500, 2: 2500}
    assert filled.units == 4000


wants = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 12)), min_size=0, max_size=25).map(
    lambda rows: [Want(i, a * 1000, t * 1000) for i, (a, t) in enumerate(rows)]
)


@given(wants, st.integers(1, 24))
def test_case_filling_is_whole_fair_and_never_more_than_wanted(wanted, case_size):
    filled = fill_cases(wanted, case_size)
    given_total = sum(filled.given.values())
    assert given_total == filled.units
    if case_size > 1:
        assert filled.units % (case_size * 1000) == 0  # whole cases only
    for want in wanted:
        assert 0 <= filled.given[want.key] <= want.asked + want.tolerance
    # First come, first served: nobody is short while someone after them got any of their ask.
    for i, earlier in enumerate(wanted):
        if filled.given[earlier.key] < earlier.asked:
            assert all(filled.given[later.key] == 0 for later in wanted[i + 1 :])
    # As many cases as the asks and tolerances can fill, and not one more.
    asked = sum(w.asked for w in wanted)
    tolerance = sum(w.tolerance for w in wanted)
    if case_size > 1:
        case = case_size * 1000
        assert filled.units <= asked + tolerance
        assert filled.units + case > min(asked + tolerance, asked + case - 1)
