"""When an area is due again: only 07:00–21:00 counts (no database)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sanitation.schedule import add_active, due_at, interval

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour, minute=0):
    return datetime(2022, 4, day, hour, minute, tzinfo=SHANGHAI)


def test_five_times_a_day_is_every_two_hours_forty_eight():
    assert interval(5) == timedelta(hours=2, minutes=48)


def test_a_morning_round_is_due_later_the_same_day():
    assert due_at(at(10, 8), 5) == at(10, 10, 48)


def test_an_evening_round_is_due_the_next_morning_not_at_night():
    assert due_at(at(10, 20), 5) == at(11, 8, 48)


def test_a_round_in_the_night_counts_from_seven():
    assert due_at(at(10, 23, 30), 7) == at(11, 9)
    assert due_at(at(11, 3), 7) == at(11, 9)


def test_once_a_day_waits_a_whole_active_day():
    assert due_at(at(10, 7), 1) == at(10, 21)
    assert due_at(at(10, 12), 1) == at(11, 12)


def test_a_span_longer_than_a_day_crosses_several_nights():
    assert add_active(at(10, 20), timedelta(hours=29)) == at(12, 21)
