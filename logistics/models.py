"""Goods that come in through the gate and go up to the door.

An `Item` is one thing handed in at the receiving point (a meal, a bag of vegetables, a parcel,
a box of medicine). Its `status` is where it is on the relay gate → grid → building → door;
an item whose label fits no household is on the shelf (`household` empty) until somebody picks
the household or returns it. Every step is a `Handoff` row with who and when, one per step.
"""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from registry.models import Building, Compound, Household, Resident


class Kind(models.TextChoices):
    MEAL = "meal", _("meal")
    FRESH = "fresh", _("fresh food")
    PARCEL = "parcel", _("parcel")
    MEDICINE = "medicine", _("medicine")
    BULK = "bulk", _("bulk goods")
    SUPPLY_PACK = "supply_pack", _("supply pack")
    DONATION = "donation", _("donation")
    GROUP_BUY = "group_buy", _("group-buy goods")


class Source(models.TextChoices):
    COURIER = "courier", _("courier")
    SHOP = "shop", _("shop")
    PLATFORM = "platform", _("delivery platform")
    RELATIVE = "relative", _("relative or friend")
    GOVERNMENT = "government", _("government")
    NEIGHBOUR = "neighbour", _("neighbour")
    OTHER = "other", _("other")


class Status(models.TextChoices):
    SHELF = "shelf", _("on the unaddressed shelf")
    GATE = "gate", _("at the gate")
    GRID = "grid", _("with the grid runner")
    BUILDING = "building", _("with the building volunteer")
    DELIVERED = "delivered", _("at the door")
    RETURNED = "returned", _("returned")
    DISPOSED = "disposed", _("disposed of")


# The relay, in order. A hand-off moves an item forward, never back; a step may be skipped
# (a building volunteer who fetches from the gate himself).
RELAY = [Status.GATE, Status.GRID, Status.BUILDING, Status.DELIVERED]
NOT_AT_DOOR = [Status.SHELF, Status.GATE, Status.GRID, Status.BUILDING]


AT_ONCE = "now"
DUE_SOON = timedelta(hours=1)


def slot_label(code: str, late: bool) -> str:
    """An item's slot in words: it is stored as "now" or the time it is due by ("11:30")."""
    if code == AT_ONCE:
        return gettext("at once")
    if late:
        return gettext("tomorrow by %s") % code
    return gettext("by %s") % code


def new_code() -> str:
    """Six characters a gloved hand can type: no 0/O, 1/I/L."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(6))


class Batch(models.Model):
    """A consignment received from a list (a supermarket van, a group buy's delivery)."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="batches")
    # The same list received twice is known by its contents, or by the consignor's reference.
    fingerprint = models.CharField(max_length=64)
    reference = models.CharField(_("consignment reference"), max_length=100, blank=True)
    source_name = models.CharField(_("from"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    items_created = models.PositiveIntegerField(default=0)
    items_unaddressed = models.PositiveIntegerField(default=0)
    report_file = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compound", "fingerprint"], name="batch_once")
        ]

    def __str__(self) -> str:
        return f"{self.source_name or self.file_name} ({self.items_created})"

    def summary(self) -> dict[str, int]:
        return {
            "rows_read": self.rows_read,
            "items_created": self.items_created,
            "items_unaddressed": self.items_unaddressed,
            "rows_rejected": self.rows_rejected,
        }


class ItemQuerySet(models.QuerySet["Item"]):
    def for_user(self, user: Any) -> ItemQuerySet:
        """What this person may see: the compound's gate for those who serve the compound,
        the items of their grids and buildings for the others (never the shelf)."""
        return self.filter(user.in_scope("building", compound="compound"))

    def not_at_door(self) -> ItemQuerySet:
        return self.filter(status__in=NOT_AT_DOOR)

    def on_shelf(self) -> ItemQuerySet:
        return self.filter(status=Status.SHELF)

    def on_the_way(self) -> ItemQuerySet:
        """Addressed and not yet at the door: what the relay still has to carry."""
        return self.filter(status__in=[Status.GATE, Status.GRID, Status.BUILDING])

    def by_building(self, now: Any) -> list[dict[str, Any]]:
        """Per building: how many wait at each step, the oldest, how many are due."""
        return list(
            self.on_the_way()
            .values("building", "building__number", "building__name", "building__grid__name")
            .annotate(
                total=Count("pk"),
                at_gate=Count("pk", filter=Q(status=Status.GATE)),
                at_grid=Count("pk", filter=Q(status=Status.GRID)),
                at_building=Count("pk", filter=Q(status=Status.BUILDING)),
                overdue=Count("pk", filter=Q(due_at__lt=now)),
                # Due in the slot under way: within the next hour.
                due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=now + DUE_SOON)),
                oldest=Min("received_at"),
            )
            .order_by("building__grid__name", "building__number")
        )


class Item(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=8, default=new_code)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    label_text = models.CharField(_("label"), max_length=300, blank=True)
    source = models.CharField(
        _("from"), max_length=12, choices=Source.choices, default=Source.COURIER
    )
    sender = models.CharField(_("sender"), max_length=100, blank=True)
    pieces = models.PositiveIntegerField(_("pieces"), default=1)
    disinfected = models.BooleanField(_("disinfected"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.RESTRICT, related_name="items"
    )
    # The household's building, kept on the item: the sorting screen and the run sheet count
    # thousands of items a building at a time.
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.RESTRICT, related_name="items"
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.RESTRICT, related_name="items"
    )
    request = models.ForeignKey(
        "helpdesk.Request",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    slot = models.CharField(_("slot"), max_length=30, blank=True)
    due_at = models.DateTimeField(_("due"))
    late = models.BooleanField(_("arrived after the cut-off"), default=False)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where it is now and since when: the relay's last step, kept here for the lists.
    moved_at = models.DateTimeField(default=timezone.now)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_reason = models.CharField(_("reason"), max_length=200, blank=True)
    photo = models.ImageField(upload_to="delivery/%Y/%m/%d/", blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compound", "code"], name="item_code_once"),
            models.CheckConstraint(condition=Q(pieces__gte=1), name="item_pieces_positive"),
            models.CheckConstraint(
                condition=Q(status="shelf")
                | Q(household__isnull=False)
                | Q(status__in=["returned", "disposed"]),
                name="item_addressed_or_shelved",
            ),
        ]
        indexes = [
            models.Index(fields=["compound", "status", "building"]),
            models.Index(fields=["building", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_kind_display()}"

    @property
    def place(self) -> str:
        return self.household.address if self.household else ""

    @property
    def slot_label(self) -> str:
        return slot_label(self.slot, self.late)


class Handoff(models.Model):
    """One step of the relay: the item reached `stage`, by whom, when."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="handoffs")
    stage = models.CharField(max_length=10, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The household confirming on its link acts without an account.
    actor = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "stage"], name="handoff_once_per_stage")
        ]
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.stage}"


DEFAULT_SLOTS: dict[str, list[str]] = {
    # Seed 004: meals before noon and before evening, fresh food in the morning, parcels in the
    # afternoon and evening, medicine at once. An empty list means "at once".
    Kind.MEAL: ["11:30", "17:30"],
    Kind.FRESH: ["12:00"],
    Kind.PARCEL: ["17:00", "20:00"],
    Kind.MEDICINE: [],
    Kind.BULK: ["20:00"],
    Kind.SUPPLY_PACK: ["20:00"],
    Kind.DONATION: ["20:00"],
    Kind.GROUP_BUY: ["20:00"],
}


class GateRules(models.Model):
    """A compound's delivery slots, evening sweep and cut-off (editable by its admin)."""

    compound = models.OneToOneField(Compound, on_delete=models.CASCADE, related_name="gate_rules")
    slots = models.JSONField(default=dict)
    sweep_at = models.TimeField(_("evening sweep"), default=time(20, 0))
    cutoff_at = models.TimeField(_("cut-off"), default=time(22, 0))
    at_once_minutes = models.PositiveSmallIntegerField(_("minutes for 'at once'"), default=30)

    def __str__(self) -> str:
        return f"{self.compound}"

    def slot_times(self, kind: str) -> list[time]:
        texts = self.slots.get(kind, DEFAULT_SLOTS.get(kind, []))
        return sorted(time.fromisoformat(text) for text in texts)

    @classmethod
    def for_compound(cls, compound: Compound) -> GateRules:
        """The saved rules, or the defaults (not saved: a GET never writes)."""
        rules = cls.objects.filter(compound=compound).first()
        return rules or cls(compound=compound, slots=dict(DEFAULT_SLOTS))


# --- supply packs (保供物资): an allotment from the registry, with its rules -----------------


class Per(models.TextChoices):
    HOUSEHOLD = "household", _("one per household")
    RESIDENT = "resident", _("one per resident")


class Distribution(models.Model):
    """A distribution of supply packs, or any allotment: who gets how many, how often."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="distributions")
    name = models.CharField(_("name"), max_length=100)
    per = models.CharField(_("rule"), max_length=10, choices=Per.choices, default=Per.HOUSEHOLD)
    # Households recorded as vacant or away get none unless a leader overrides.
    residents_only = models.BooleanField(_("residents only"), default=True)
    per_period = models.PositiveSmallIntegerField(_("at most"), default=1)
    # Empty: once for the whole distribution; N: once (or per_period times) every N days.
    period_days = models.PositiveSmallIntegerField(_("every N days"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    open = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(per_period__gte=1), name="distribution_at_least_one")
        ]

    def __str__(self) -> str:
        return self.name

    def period_of(self, day: date) -> int:
        """Which period a day falls in: 0 for a one-off distribution."""
        if not self.period_days:
            return 0
        return max(0, (day - self.starts_on).days) // self.period_days


class Handout(models.Model):
    """One pack handed out: to a household (or one of its residents), by whom, when."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="handouts"
    )
    household = models.ForeignKey(Household, on_delete=models.RESTRICT, related_name="handouts")
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.RESTRICT, related_name="handouts"
    )
    # "h12" or "r34": who the rule counts, so that the database itself refuses a second pack.
    recipient = models.CharField(max_length=24)
    period = models.PositiveIntegerField(default=0)
    number = models.PositiveSmallIntegerField(default=1)  # 1..per_period within the period
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_proxy = models.BooleanField(_("handed to the proxy contact"), default=False)
    override_reason = models.CharField(_("reason for an extra pack"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "recipient", "period", "number"],
                condition=Q(override_reason=""),
                name="handout_once_per_rule",
            )
        ]
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.distribution_id} {self.recipient}"


# --- donations and stock -------------------------------------------------------------------


class Donation(models.Model):
    """Goods or money given to the compound, by an organisation or a resident."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("goods")
        MONEY = "money", _("money")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="donations")
    donor = models.CharField(_("donor"), max_length=100)
    # A resident's gift is shown on the public page without the name.
    donor_is_resident = models.BooleanField(_("the donor is a resident"), default=False)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.GOODS)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, default=0)
    value = models.DecimalField(
        _("estimated value (yuan)"), max_digits=12, decimal_places=2, default=0
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0, value__gte=0), name="donation_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.donor


def to_milli(quantity: Decimal) -> int:
    return int(quantity * 1000)


def from_milli(milli: int) -> Decimal:
    return (Decimal(milli) / 1000).normalize()


class Stock(models.Model):
    """What is on hand of one article at one post, one lot (expiry date) per row."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="stock")
    article = models.CharField(_("article"), max_length=100)
    unit = models.CharField(_("unit"), max_length=10, default="件")
    post = models.CharField(_("post"), max_length=50, default="物资仓库")
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Thousandths of the unit, as an integer: SQLite keeps decimals as floating point, and a
    # ledger that must balance to the last gram cannot add floats.
    milli = models.BigIntegerField(default=0)
    low_milli = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(milli__gte=0), name="stock_never_negative")
        ]
        indexes = [models.Index(fields=["compound", "article", "post"])]

    def __str__(self) -> str:
        return f"{self.article} {self.quantity}{self.unit} @{self.post}"

    @property
    def quantity(self) -> Decimal:
        return from_milli(self.milli)


class StockMove(models.Model):
    """One line of the goods ledger: into stock (+) or out of it (−), and where it went."""

    class Reason(models.TextChoices):
        DONATION = "donation", _("donated")
        BOUGHT = "bought", _("bought")
        TO_HOUSEHOLD = "household", _("issued to a household")
        TO_VOLUNTEER = "volunteer", _("issued to a volunteer post")
        EXPIRED = "expired", _("expired, thrown away")
        COUNTED = "counted", _("stocktaking correction")

    stock = models.ForeignKey(Stock, on_delete=models.RESTRICT, related_name="moves")
    milli = models.BigIntegerField()  # + into stock, − out of it
    reason = models.CharField(max_length=10, choices=Reason.choices)
    donation = models.ForeignKey(
        Donation, null=True, blank=True, on_delete=models.RESTRICT, related_name="moves"
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.RESTRICT, related_name="stock_moves"
    )
    # The volunteer post or person it was issued to (a suit to the gate, disinfectant to 3栋).
    issued_to = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.stock_id} {self.quantity}"

    @property
    def quantity(self) -> Decimal:
        return from_milli(self.milli)


class Offer(models.Model):
    """The donation corner (爱心角): a household offers what it can spare, another asks for it,
    a volunteer carries it over as an ordinary delivery."""

    class Status(models.TextChoices):
        OPEN = "open", _("offered")
        ASKED = "asked", _("asked for")
        MOVED = "moved", _("on its way")
        WITHDRAWN = "withdrawn", _("withdrawn")

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="offers")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="offers")
    text = models.CharField(_("what you can give"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    taker = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers_taken"
    )
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text
