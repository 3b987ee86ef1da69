"""When a planned area is due again: only the active day (07:00–21:00) counts.

Five rounds a day are one every 14 h ÷ 5 = 2 h 48 min of the active day; a round at 20:00 is
next due at 09:48 the morning after, not in the middle of the night.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

DAY_STARTS = time(7)
DAY_ENDS = time(21)
ACTIVE_DAY = timedelta(hours=14)


def interval(times_per_day: int) -> timedelta:
    """The active time between two rounds of an area done `times_per_day` times."""
    return ACTIVE_DAY / max(times_per_day, 1)


def add_active(start: datetime, span: timedelta) -> datetime:
    """The moment `span` of active-day time after `start` (outside it, the clock stands)."""
    zone = timezone.get_current_timezone()
    at = timezone.localtime(start, zone)
    while True:
        opens = at.replace(hour=DAY_STARTS.hour, minute=0, second=0, microsecond=0)
        closes = at.replace(hour=DAY_ENDS.hour, minute=0, second=0, microsecond=0)
        if at < opens:
            at = opens
        elif at >= closes:
            at = (opens + timedelta(days=1)).astimezone(zone)
            continue
        if at + span <= closes:
            return at + span
        span -= closes - at
        at = (opens + timedelta(days=1)).astimezone(zone)


def due_at(last: datetime, times_per_day: int) -> datetime:
    return add_active(last, interval(times_per_day))
