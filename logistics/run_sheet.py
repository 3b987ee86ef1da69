"""A building's run sheet: its items grouped by unit and floor, so each staircase is climbed once.

In a stair-only building a volunteer in a suit climbs six floors for every trip; carrying a
unit's items in one climb, top floor last, is what saves the day. The sheet says how many
climbs that saved against one climb per item, and reads the same on paper, on a phone and
pasted into the building's chat group.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from lib.address import floor_of
from logistics.models import Item, Kind, Status
from registry.models import Building


@dataclass
class Stop:
    room: str
    floor: int | None
    items: list[Item] = field(default_factory=list)


@dataclass
class Staircase:
    unit: str
    stops: list[Stop] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(stop.items) for stop in self.stops)


@dataclass
class RunSheet:
    building: Building
    made_at: datetime
    staircases: list[Staircase]

    @property
    def item_count(self) -> int:
        return sum(s.item_count for s in self.staircases)

    @property
    def climbs(self) -> int:
        return len(self.staircases)

    @property
    def climbs_saved(self) -> int:
        """One climb per staircase instead of one per item."""
        return self.item_count - self.climbs

    def as_text(self) -> str:
        """For the building's chat group: rooms only, no names or phones."""
        lines = [
            _("%(building)s run sheet, %(time)s: %(items)s items, %(climbs)s climbs")
            % {
                "building": self.building.label,
                "time": f"{timezone.localtime(self.made_at):%m-%d %H:%M}",
                "items": self.item_count,
                "climbs": self.climbs,
            }
        ]
        for staircase in self.staircases:
            rooms = "、".join(
                f"{stop.room}（{'，'.join(describe_short(i) for i in stop.items)}）"
                for stop in staircase.stops
            )
            lines.append(f"{staircase.unit}：{rooms}")
        lines.append(_("Please collect at your door and reply when you have it."))
        return "\n".join(lines)


def describe_short(item: Item) -> str:
    pieces = f"×{item.pieces}" if item.pieces > 1 else ""
    return f"{getattr(item, 'kind_label', None) or item.get_kind_display()}{pieces}"


def run_sheet(building: Building, items: list[Item], now: datetime | None = None) -> RunSheet:
    """`items` are the building's items still to go up (with household and unit read)."""
    by_unit: dict[str, dict[str, Stop]] = {}
    # Words for kinds and steps, translated once: a sheet can hold 2,000 items.
    kinds = {value: str(label) for value, label in Kind.choices}
    steps = {value: str(label) for value, label in Status.choices}
    for item in items:
        item.kind_label = kinds[item.kind]  # type: ignore[attr-defined]
        item.status_label = steps[item.status]  # type: ignore[attr-defined]
        assert item.household is not None
        household = item.household
        unit = household.unit.number
        stops = by_unit.setdefault(unit, {})
        floor = household.floor if household.floor is not None else floor_of(household.room)
        stop = stops.setdefault(household.room, Stop(room=household.room, floor=floor))
        stop.items.append(item)
    staircases = []
    for unit in sorted(by_unit, key=lambda u: (len(u), u)):
        label = _("Unit %s") % unit if unit else _("Stairs")
        ordered = sorted(by_unit[unit].values(), key=lambda s: (s.floor or 0, s.room))
        staircases.append(Staircase(unit=label, stops=ordered))
    return RunSheet(building=building, made_at=now or timezone.now(), staircases=staircases)
