"""The help desk: every need gets a reply and reaches closure (事事有回音、件件有着落)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Compound, Household
from volunteers.models import WorkingGroup


class Category(models.TextChoices):
    FOOD = "food", _("food and daily needs")
    MEDICINE = "medicine", _("medicine")
    MOTHER_BABY = "mother_baby", _("mother and baby")
    MEDICAL = "medical", _("medical care")
    UTILITY = "utility", _("gas, water, power, repairs")
    ERRAND = "errand", _("errand")
    INQUIRY = "inquiry", _("question")
    SANITATION = "sanitation", _("garbage and disinfection")
    EMOTIONAL = "emotional", _("someone to talk to")
    OTHER = "other", _("other")


class Urgency(models.TextChoices):
    LIFE = "life", _("life-threatening")
    URGENT = "urgent", _("urgent")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class Status(models.TextChoices):
    NEW = "new", _("new")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    NO_ANSWER = "no_answer", _("no answer, call back")
    DONE = "done", _("closed")


OPEN = [Status.NEW, Status.ACKNOWLEDGED, Status.ASSIGNED, Status.IN_PROGRESS, Status.NO_ANSWER]
UNCLAIMED = [Status.NEW, Status.ACKNOWLEDGED]


class Transition(models.TextChoices):
    """What can happen to a request; TRANSITIONS says from which statuses and to which."""

    ACKNOWLEDGE = "acknowledge"
    CLAIM = "claim"
    ASSIGN = "assign"
    START = "start"
    NO_ANSWER = "no_answer"
    CLOSE = "close"
    REOPEN = "reopen"


# The request's life cycle in one table: every state change in helpdesk.actions reads it.
TRANSITIONS: dict[Transition, tuple[tuple[Status, ...], Status]] = {
    Transition.ACKNOWLEDGE: ((Status.NEW,), Status.ACKNOWLEDGED),
    Transition.CLAIM: (tuple(UNCLAIMED), Status.ASSIGNED),
    Transition.ASSIGN: (tuple(OPEN), Status.ASSIGNED),
    Transition.START: ((Status.ASSIGNED, Status.NO_ANSWER), Status.IN_PROGRESS),
    Transition.NO_ANSWER: ((Status.ASSIGNED, Status.IN_PROGRESS), Status.NO_ANSWER),
    Transition.CLOSE: (tuple(OPEN), Status.DONE),
    Transition.REOPEN: ((Status.DONE,), Status.NEW),
}


class Outcome(models.TextChoices):
    FULFILLED = "fulfilled", _("fulfilled")
    PARTLY = "partly", _("partly fulfilled")
    NOT_POSSIBLE = "not_possible", _("could not be fulfilled")
    NOT_NEEDED = "not_needed", _("not needed any more")
    DUPLICATE = "duplicate", _("duplicate")


class Source(models.TextChoices):
    LINK = "link", _("household link")
    VOLUNTEER = "volunteer", _("entered by a volunteer")
    CHAT = "chat", _("from a chat group")
    API = "api", _("API")
    CARE = "care", _("care plan")


# Minutes to acknowledge and to close, by urgency; a category can be set apart (below).
# Defaults from the issue: life-threatening acknowledged within 5 minutes, medicine and
# mother-and-baby the same day, nothing left overnight.
DEFAULT_ACKNOWLEDGE = {Urgency.LIFE: 5, Urgency.URGENT: 15, Urgency.NORMAL: 60, Urgency.LOW: 240}
DEFAULT_CLOSE = {Urgency.LIFE: 60, Urgency.URGENT: 4 * 60, Urgency.NORMAL: None, Urgency.LOW: None}


class ServiceLevel(models.Model):
    """The community's own time limits for a category and urgency, overriding the defaults."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="service_levels")
    category = models.CharField(max_length=20, choices=Category.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    acknowledge_minutes = models.PositiveIntegerField()
    close_minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "category", "urgency"], name="service_level_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}/{self.urgency}"


def due_times(
    compound: Compound, category: str, urgency: str, at: datetime
) -> tuple[datetime, datetime]:
    """When a request must be acknowledged, and when closed."""
    level = ServiceLevel.objects.filter(
        compound=compound, category=category, urgency=urgency
    ).first()
    if level is not None:
        acknowledge, close = level.acknowledge_minutes, level.close_minutes
    else:
        acknowledge, close = DEFAULT_ACKNOWLEDGE[Urgency(urgency)], DEFAULT_CLOSE[Urgency(urgency)]
    acknowledge_by = at + timedelta(minutes=acknowledge)
    if close is not None:
        return acknowledge_by, at + timedelta(minutes=close)
    # Nothing overnight: the end of today, or of tomorrow for what arrives late in the evening.
    local = timezone.localtime(at)
    end_of_day = local.replace(hour=22, minute=0, second=0, microsecond=0)
    if local >= end_of_day - timedelta(hours=2):
        end_of_day += timedelta(days=1)
    return acknowledge_by, end_of_day


class RequestQuerySet(models.QuerySet["Request"]):
    def open(self) -> RequestQuerySet:
        return self.filter(status__in=OPEN)

    def unclaimed(self) -> RequestQuerySet:
        return self.filter(status__in=UNCLAIMED, assignee__isnull=True)

    def overdue(self, now: datetime | None = None) -> RequestQuerySet:
        now = now or timezone.now()
        return self.open().filter(
            Q(due_at__lt=now)
            | Q(status=Status.NEW, acknowledge_by__lt=now)
            | Q(status=Status.NO_ANSWER, follow_up_at__lt=now)
        )

    def by_due(self) -> RequestQuerySet:
        return self.order_by("due_at", "pk")


class Request(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="requests")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="requests")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NEW)
    text = models.TextField(_("what is needed"))
    items = models.JSONField(default=list, blank=True)
    photo = models.ImageField(_("photo"), upload_to="requests/%Y/%m/", blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateTimeField()
    due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(
        WorkingGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="tasks",
    )  # fmt: skip
    follow_up_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # Sent by a client so that a resubmission after a flaky connection creates nothing new.
    # A key is the sender's own ("household:12", "staff:5"): another sender's key is another
    # request; the fingerprint of the body tells a resubmission from a different request.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    idempotency_sender = models.CharField(max_length=40, blank=True)
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["compound", "status", "due_at"]),
            models.Index(fields=["assignee", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_sender", "idempotency_key"], name="request_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()} {self.household}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def overdue_reason(self) -> str:
        """Why the request is on the overdue alarm, in the words of the page; "" if it is not."""
        now = timezone.now()
        if not self.is_open:
            return ""
        if self.status == Status.NEW and self.acknowledge_by < now:
            return str(
                _("not acknowledged in time (by %(time)s)")
                % {"time": timezone.localtime(self.acknowledge_by).strftime("%H:%M")}
            )
        if self.status == Status.NO_ANSWER and self.follow_up_at and self.follow_up_at < now:
            return str(_("the call-back time has passed"))
        if self.due_at < now:
            return str(_("not closed in time"))
        return ""

    def may(self, transition: Transition) -> bool:
        """Whether the request, as read, can go through this transition."""
        return self.status in TRANSITIONS[transition][0]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    CLAIMED = "claimed", _("claimed")
    ASSIGNED = "assigned", _("assigned")
    STARTED = "started", _("on the way")
    NO_ANSWER = "no_answer", _("no answer")
    CLOSED = "closed", _("closed")
    REPLY = "reply", _("reply")
    CONFIRMED = "confirmed", _("receipt confirmed")
    REOPENED = "reopened", _("reopened")
    PURCHASE = "purchase", _("money recorded")
    REPAID = "repaid", _("paid back")
    TRANSFER = "transfer", _("green-channel transfer")
    TRIAGED = "triaged", _("kind or urgency changed")


class RequestEvent(models.Model):
    """One line of a request's log: every change, who made it and when."""

    HOUSEHOLD = "household"  # the actor when the household acts through its own link

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%m-%d %H:%M} {self.kind} {self.to_status}"

    @property
    def who(self) -> str:
        # Rows written before the actor became a code read "住户 household".
        if self.actor in {self.HOUSEHOLD, "住户 household"}:
            return str(_("the household"))
        return self.actor

    @property
    def changed_status(self) -> bool:
        """Whether the log line should say "→ new status": not when the kind says it already."""
        if not self.to_status or self.to_status == self.from_status:
            return False
        return str(self.get_kind_display()) != str(self.get_to_status_display())


class Reply(models.Model):
    """What the resident sees: every reply on their request, and their own messages."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="replies")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    from_household = models.BooleanField(default=False)
    text = models.TextField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]


class Purchase(models.Model):
    """Money on a request: what was bought, what it cost, who paid, and whether it was paid back."""

    class PaidBy(models.TextChoices):
        RESIDENT = "resident", _("the resident")
        VOLUNTEER = "volunteer", _("a volunteer, in advance")
        FUND = "fund", _("the community fund")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="purchases")
    description = models.CharField(_("what was bought"), max_length=200)
    amount = models.DecimalField(_("cost"), max_digits=10, decimal_places=2)
    paid_by = models.CharField(_("paid by"), max_length=10, choices=PaidBy.choices)
    advanced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="advances",
    )  # fmt: skip
    repaid = models.BooleanField(_("paid back"), default=False)
    repaid_reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    repaid_at = models.DateTimeField(null=True, blank=True)
    receipt = models.ImageField(_("receipt"), upload_to="receipts/%Y/%m/", blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=Decimal("0")), name="purchase_amount")
        ]

    def __str__(self) -> str:
        return f"{self.description} ¥{self.amount}"


class CarePlan(models.Model):
    """Standing care for a vulnerable resident, which makes requests ahead of time by itself.

    - transport: recurring hospital trips (dialysis Mon/Wed/Fri 08:00), or given dates
      (chemotherapy, prenatal checks);
    - refill: a medicine bought again every so many days;
    - check_in: a daily call to an elderly person living alone; a missed or failed call
      becomes an urgent request.
    """

    class Kind(models.TextChoices):
        TRANSPORT = "transport", _("hospital trips")
        REFILL = "refill", _("medicine refill")
        CHECK_IN = "check_in", _("daily check-in call")

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.CASCADE, related_name="care_plans"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("what"), max_length=200)
    # Transport: weekdays (0 = Monday) and a time, or explicit dates.
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    dates = models.JSONField(_("dates"), default=list, blank=True)
    at = models.TimeField(_("time"), null=True, blank=True)
    # Refill: every `every_days` days from `starts`.
    every_days = models.PositiveSmallIntegerField(_("every (days)"), null=True, blank=True)
    starts = models.DateField(_("starts"), default=timezone.localdate)
    ends = models.DateField(_("ends"), null=True, blank=True)
    lead_hours = models.PositiveSmallIntegerField(_("create the request ahead (hours)"), default=24)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["resident", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class CareOccurrence(models.Model):
    """One occurrence of a plan (a trip, a refill, a day's call), made once and only once."""

    class Result(models.TextChoices):
        PENDING = "pending", _("to do")
        OK = "ok", _("answered, all well")
        NO_ANSWER = "no_answer", _("no answer")
        UNWELL = "unwell", _("needs help")

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="occurrences")
    on = models.DateField()
    request = models.ForeignKey(
        Request, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.PENDING)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    called_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["on", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "on"], name="care_once_a_day")]

    def __str__(self) -> str:
        return f"{self.plan} {self.on}"


class EmergencyTransfer(models.Model):
    """The medical green channel: a closed-loop transfer to hospital, and how it went."""

    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="transfer")
    vehicle = models.CharField(_("vehicle or ambulance"), max_length=100)
    is_ambulance = models.BooleanField(_("120 ambulance"), default=False)
    called_at = models.DateTimeField(_("called"), default=timezone.now)
    departed_at = models.DateTimeField(_("left the compound"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at hospital"), null=True, blank=True)
    hospital = models.CharField(_("hospital"), max_length=100, blank=True)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"#{self.request_id} {self.vehicle}"


class ParserCorrection(models.Model):
    """A person changed what the message parser read: the pair the parser learns from.

    Written by `helpdesk.parser_learning.record_parser_correction` when a volunteer or a leader
    changes the category or the urgency of a parsed message (chat confirm, triage); read by
    `linli train-parser`.
    """

    text = models.TextField()
    category = models.CharField(max_length=20, choices=Category.choices)
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    parsed_category = models.CharField(max_length=20, choices=Category.choices)
    parsed_urgency = models.CharField(max_length=10, choices=Urgency.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.parsed_category}/{self.parsed_urgency} → {self.category}/{self.urgency}"
