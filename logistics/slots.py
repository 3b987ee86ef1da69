"""Which delivery slot an item goes in, from the compound's rules.

Nothing stays overnight (不隔夜): an item that misses its kind's last slot of the day still goes
up before the evening sweep, or at once if it came after the sweep; only what arrives after the
cut-off waits for the morning, and it is marked late so everybody sees why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from logistics.models import AT_ONCE, GateRules, slot_label


@dataclass(frozen=True)
class Slot:
    due_at: datetime
    code: str  # "now", or the time it is due by ("11:30"): words are for display only
    late: bool = False

    @property
    def label(self) -> str:
        return slot_label(self.code, self.late)


def slot_for(rules: GateRules, kind: str, received_at: datetime, *, urgent: bool = False) -> Slot:
    local = timezone.localtime(received_at)
    at_once = Slot(local + timedelta(minutes=rules.at_once_minutes), AT_ONCE)
    times = rules.slot_times(kind)
    if urgent or not times:
        return at_once

    def on(day: datetime, at: time) -> datetime:
        return day.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)

    if local.time() >= rules.cutoff_at:
        first = times[0]
        return Slot(on(local + timedelta(days=1), first), f"{first:%H:%M}", late=True)
    for at in times:
        if local.time() < at:
            return Slot(on(local, at), f"{at:%H:%M}")
    if local.time() < rules.sweep_at:
        return Slot(on(local, rules.sweep_at), f"{rules.sweep_at:%H:%M}")
    return at_once
