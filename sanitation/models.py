"""Disinfection and garbage (消杀 and 垃圾): the plan, the rounds, and what residents report.

An `Area` is one place in a compound's disinfection plan (a building's stairwell or lift, the
gate, the receiving point, the sampling point) with how many times a day it is done; each
`DisinfectionRound` is one round of it, who and when and with which product. A lift is also
done after each household's ride at the sampling point: that round names the household.
A `GarbageRound` is one door pick-up in a building (bags put outside after disinfection,
sealed, cleared from the compound the same day). An `OverflowReport` is a resident's
report of overflowing garbage or a dirty area: a help-desk request of its own, closed when
the matching round is logged.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models import Building, Compound, Household
from sanitation.schedule import due_at, interval

MAX_TIMES_PER_DAY = 24
MAX_BAGS = 999


class AreaKind(models.TextChoices):
    STAIRWELL = "stairwell", _("stairwell")
    LIFT = "lift", pgettext_lazy("sanitation area", "lift")
    GATE = "gate", _("gate")
    RECEIVING_POINT = "receiving_point", _("receiving point")
    SAMPLING_POINT = "sampling_point", _("sampling point")
    OTHER = "other", _("other")


# A stairwell and a lift are a building's; the gate and the points may stand anywhere.
PER_BUILDING = {AreaKind.STAIRWELL, AreaKind.LIFT}


class AreaQuerySet(models.QuerySet["Area"]):
    def active(self) -> AreaQuerySet:
        return self.filter(active=True)

    def in_compound(self, compound: Compound) -> AreaQuerySet:
        return self.filter(compound=compound)

    def for_building(self, building: Building) -> AreaQuerySet:
        return self.filter(building=building)

    def in_plan_order(self) -> AreaQuerySet:
        # The compound's own points first (gate, receiving, sampling), then building by building.
        return self.order_by(
            models.F("building").asc(nulls_first=True), "building__number", "kind", "name", "pk"
        )


class Area(models.Model):
    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="sanitation_areas"
    )
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.CASCADE, related_name="sanitation_areas"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)
    times_per_day = models.PositiveSmallIntegerField(_("times per day"))
    # Taken out of the plan, never deleted: its rounds stay in the log.
    active = models.BooleanField(_("in the plan"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Kept with every round logged (a conditional update, so a late entry never moves it back):
    # the overdue alarm reads the plan alone, one query for every page.
    last_round_at = models.DateTimeField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(times_per_day__gte=1, times_per_day__lte=MAX_TIMES_PER_DAY),
                name="area_times_per_day_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """东门 · 3栋楼道 · 3栋电梯 · 接收点: the name given, or the building and the kind."""
        if self.name:
            return f"{self.building}{self.name}" if self.building_id else self.name
        kind = str(self.get_kind_display())
        return f"{self.building} {kind}" if self.building_id else kind

    @property
    def reference(self) -> datetime:
        """Where the clock starts: the last round, or the area's entry in the plan."""
        return self.last_round_at or self.created_at

    @property
    def due_at(self) -> datetime:
        return due_at(self.reference, self.times_per_day)

    @property
    def interval_minutes(self) -> int:
        return int(interval(self.times_per_day).total_seconds() // 60)

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.active and (now or timezone.now()) > self.due_at


class DisinfectionRound(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="rounds")
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    product = models.CharField(_("product"), max_length=60, blank=True)
    # The lift after this household's ride (sampling), or empty for a planned round.
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["area", "-at"])]

    def __str__(self) -> str:
        return f"{self.area} {self.at:%m-%d %H:%M}"


class GarbageRoundQuerySet(models.QuerySet["GarbageRound"]):
    def uncleared(self) -> GarbageRoundQuerySet:
        return self.filter(cleared_at__isnull=True)

    def on(self, day: object) -> GarbageRoundQuerySet:
        return self.filter(collected_at__date=day)


class GarbageRound(models.Model):
    """One door pick-up in a building: the bags left outside the doors, collected."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="garbage_rounds")
    collected_at = models.DateTimeField(_("collected at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    bags = models.PositiveSmallIntegerField(_("bags"))
    sealed = models.BooleanField(_("sealed"), default=True)
    # Taken out of the compound by the sanitation truck: the same day, as the rule says.
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = GarbageRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-collected_at", "-pk"]
        indexes = [models.Index(fields=["building", "-collected_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(bags__lte=MAX_BAGS), name="garbage_bags_in_range")
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.collected_at:%m-%d %H:%M} ×{self.bags}"

    @property
    def cleared_same_day(self) -> bool:
        return self.cleared_at is not None and timezone.localdate(
            self.cleared_at
        ) == timezone.localdate(self.collected_at)

    @property
    def left_overnight(self) -> bool:
        """Not cleared on the day it was collected, and that day is over."""
        day = timezone.localdate(self.collected_at)
        if self.cleared_at is None:
            return day < timezone.localdate()
        return timezone.localdate(self.cleared_at) > day


class ReportKind(models.TextChoices):
    GARBAGE = "garbage", _("garbage is overflowing")
    DIRTY = "dirty", _("an area needs disinfecting")


class OverflowReportQuerySet(models.QuerySet["OverflowReport"]):
    def unresolved(self) -> OverflowReportQuerySet:
        from helpdesk.models import OPEN

        return self.filter(resolved_at__isnull=True, request__status__in=OPEN)


class OverflowReport(models.Model):
    """A resident's report from the household link; its help-desk request says 事事有回音."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    request = models.OneToOneField(
        "helpdesk.Request", on_delete=models.CASCADE, related_name="sanitation_report"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The round that answered it: a garbage round of the building, or a round of the area.
    resolved_at = models.DateTimeField(null=True, blank=True)
    garbage_round = models.ForeignKey(
        GarbageRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    disinfection_round = models.ForeignKey(
        DisinfectionRound, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reports",
    )  # fmt: skip

    objects = OverflowReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["building", "resolved_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.household}"

    @property
    def place(self) -> str:
        return self.area.label if self.area else str(self.building)
