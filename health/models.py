"""Health rounds: test rounds with their rosters and pooled tubes, antigen reports, and cases.

A round's roster is written once, from the registry, when the round opens: one RosterEntry per
resident, carrying its building and unit so that live counts and the missed list of a
million-person round are one indexed aggregate, not a walk through households.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Building, Compound, Household, Resident, Unit


class Absence(models.Model):
    """A resident who is not to be tested: away, in hospital or exempt, with the reason."""

    class Kind(models.TextChoices):
        AWAY = "away", _("away")
        HOSPITAL = "hospital", _("in hospital")
        EXEMPT = "exempt", _("exempt")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("why"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    since = models.DateField(_("since"), default=date.today)
    until = models.DateField(_("until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-pk"]

    def __str__(self) -> str:
        return f"{self.resident} {self.get_kind_display()}"


def absences_on(day: date) -> Q:
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


class TestRoundQuerySet(models.QuerySet["TestRound"]):
    def open(self) -> TestRoundQuerySet:
        return self.filter(closed_at__isnull=True)


class TestRound(models.Model):
    """One round of nucleic-acid tests in a compound, or in some of its buildings."""

    __test__ = False  # a name pytest would otherwise try to collect

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="test_rounds")
    name = models.CharField(_("name"), max_length=100)
    day = models.DateField(_("day"), default=date.today)
    # Empty: the whole compound.
    buildings = models.ManyToManyField(Building, blank=True, related_name="+")
    tube_size = models.PositiveSmallIntegerField(_("residents per tube"), default=10)
    team = models.CharField(_("sampling team"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = TestRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SamplingPoint(models.Model):
    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="points")
    name = models.CharField(_("sampling point"), max_length=50)
    # Door-to-door sampling (上门采样) is a point that moves: its tubes are the team's.
    door_to_door = models.BooleanField(_("door to door"), default=False)

    class Meta:
        ordering = ["round", "door_to_door", "pk"]

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    """When a building (or one of its units) comes down, so that people do not crowd."""

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="slots")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    point = models.ForeignKey(
        SamplingPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots"
    )

    class Meta:
        ordering = ["round", "starts", "pk"]

    def __str__(self) -> str:
        return f"{self.unit or self.building} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Tube(models.Model):
    """A pooled tube (10 in 1, or 1 for single tubes): it fills as residents check in."""

    class Result(models.TextChoices):
        PENDING = "pending", _("awaiting result")
        NORMAL = "normal", _("negative")
        ABNORMAL = "abnormal", _("abnormal")

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="tubes")
    point = models.ForeignKey(SamplingPoint, on_delete=models.CASCADE, related_name="tubes")
    code = models.CharField(_("tube code"), max_length=40)
    size = models.PositiveSmallIntegerField(_("residents per tube"))
    filled = models.PositiveSmallIntegerField(default=0)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.PENDING)
    result_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="tube_unique_code"),
            # One open tube per point: the next resident's swab goes into it.
            models.UniqueConstraint(
                fields=["point"], condition=Q(closed_at__isnull=True), name="tube_one_open"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def room_left(self) -> int:
        return max(self.size - self.filled, 0)


class RosterEntry(models.Model):
    """A resident on a round's roster, and what became of them."""

    class State(models.TextChoices):
        EXPECTED = "expected", _("not yet tested")
        TESTED = "tested", _("tested")
        REFUSED = "refused", _("refused")
        UNREACHABLE = "unreachable", _("unreachable")
        EXCLUDED = "excluded", _("not to be tested")

    round = models.ForeignKey(TestRound, on_delete=models.CASCADE, related_name="entries")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    # Copied from the household so that counts per building and unit need no join.
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices, default=State.EXPECTED)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    door_to_door = models.BooleanField(_("door to door"), default=False)
    added_on_the_day = models.BooleanField(default=False)
    tube = models.ForeignKey(
        Tube, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A tube came back abnormal: test again, and isolate until then. The entry is back to
    # "not yet tested" (at the door), and keeps the tube that came back abnormal.
    retest = models.BooleanField(default=False)
    abnormal_tube = models.ForeignKey(
        Tube, null=True, blank=True, on_delete=models.SET_NULL, related_name="retests"
    )

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "resident"], name="roster_unique_resident")
        ]
        indexes = [
            models.Index(fields=["round", "building", "state"], name="roster_counts"),
            models.Index(fields=["round", "building", "unit", "household"], name="roster_stairs"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.resident_id} {self.state}"

    @property
    def is_missed(self) -> bool:
        return self.state in MISSED


MISSED = (RosterEntry.State.EXPECTED, RosterEntry.State.REFUSED, RosterEntry.State.UNREACHABLE)


class AntigenReport(models.Model):
    """One resident's antigen result for one day, from the household's link or a volunteer."""

    class Result(models.TextChoices):
        NEGATIVE = "negative", _("negative")
        POSITIVE = "positive", _("positive")
        INVALID = "invalid", _("invalid")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="antigen")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(default=date.today)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    photo = models.ImageField(upload_to="antigen/%Y/%m/%d/", blank=True)
    reported_at = models.DateTimeField(default=timezone.now)
    # None: the household itself, from its link.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "day"], name="antigen_one_a_day")
        ]
        indexes = [models.Index(fields=["building", "day"], name="antigen_by_building")]

    def __str__(self) -> str:
        return f"{self.resident} {self.day} {self.result}"


class SignOff(models.Model):
    """The building leader's word that a building's antigen day is complete or chased."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reported = models.PositiveIntegerField()
    expected = models.PositiveIntegerField()
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["building", "day"], name="signoff_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.building} {self.day}"


class LockdownRule(models.Model):
    """The compound's rule for a unit with a case: "7+7", seven days sealed, seven at home."""

    compound = models.OneToOneField(
        Compound, on_delete=models.CASCADE, related_name="lockdown_rule"
    )
    sealed_days = models.PositiveSmallIntegerField(_("days sealed"), default=7)
    home_days = models.PositiveSmallIntegerField(_("days at home"), default=7)

    def __str__(self) -> str:
        return f"{self.sealed_days}+{self.home_days}"


def rule_for(compound: Compound) -> LockdownRule:
    rule = LockdownRule.objects.filter(compound=compound).first()
    return rule or LockdownRule(compound=compound)


class CaseQuerySet(models.QuerySet["Case"]):
    def active(self) -> CaseQuerySet:
        return self.exclude(status=Case.Status.RELEASED)


class Case(models.Model):
    class Status(models.TextChoices):
        POSITIVE = "positive", _("positive")
        HOME = "home", _("isolating at home")
        FACILITY = "facility", _("transferred to a centralised facility")
        RECOVERED = "recovered", _("recovered")
        RELEASED = "released", _("released")

    class Source(models.TextChoices):
        ANTIGEN = "antigen", _("antigen self-test")
        TUBE = "tube", _("abnormal tube, confirmed")
        REPORTED = "reported", _("reported by the office")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="cases")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="cases")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.POSITIVE
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    positive_on = models.DateField(_("positive on"), default=date.today)
    changed_at = models.DateTimeField(default=timezone.now)
    # The help-desk request raised for the household when the case opened.
    request = models.ForeignKey(
        "helpdesk.Request", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-positive_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.resident} {self.get_status_display()}"

    def days_since(self, today: date | None = None) -> int:
        return ((today or date.today()) - self.positive_on).days

    def step_down_on(self, rule: LockdownRule) -> date:
        return self.positive_on + timedelta(days=rule.sealed_days)

    def release_on(self, rule: LockdownRule) -> date:
        return self.positive_on + timedelta(days=rule.sealed_days + rule.home_days)


class CaseEvent(models.Model):
    """A case's history: each status change, who made it and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=10, choices=Case.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
