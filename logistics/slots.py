"""Which delivery slot an item goes in, from the compound's rules.

Nothing stays overnight (不隔夜): an item that misses its kind's last slot of the day still goes
up before the evening sweep, or at once if it came after the sweep; only what arrives after the
cut-off waits for the morning, and it is marked late so everybody sees why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from logistics.models import GateRules


@dataclass(frozen=True)
class Slot:
    due_at: datetime
    label: str
    late: bool = False


def slot_for(rules: GateRules, kind: str, received_at: datetime, *, urgent: bool = False) -> Slot:
    local = timezone.localtime(received_at)
    at_once = Slot(local + timedelta(minutes=rules.at_once_minutes), _("at once"))
    times = rules.slot_times(kind)
    if urgent or not times:
        return at_once

    def on(day: datetime, at: time) -> datetime:
        return day.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)

    if local.time() >= rules.cutoff_at:
        first = times[0]
        label = _("tomorrow by %s") % f"{first:%H:%M}"
        return Slot(on(local + timedelta(days=1), first), label, late=True)
    for at in times:
        if local.time() < at:
            return Slot(on(local, at), _("by %s") % f"{at:%H:%M}")
    if local.time() < rules.sweep_at:
        return Slot(on(local, rules.sweep_at), _("by %s") % f"{rules.sweep_at:%H:%M}")
    return at_once
