"""Group buying (团购 / 接龙): an offer, the households' sign-ups, what each gets at the cut-off.

An `Offer` is one leader's list for one compound (or some of its buildings); offers of two
compounds for the same supplier may be merged (`MergedOrder`) to reach the supplier's minimum
together: the supplier gets one order, each compound keeps its own households and money.
Quantities are integers in thousandths of the unit (`*_milli`), as the gate's stock is: the
flash-sale counter is a conditional UPDATE, exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Compound, Household

CENT = Decimal("0.01")


class Unit(models.TextChoices):
    JIN = "斤", _("jin (500 g)")
    KILO = "公斤", _("kilogram")
    CASE = "箱", _("case")
    SHARE = "份", _("share")
    PIECE = "个", _("piece")
    BOX = "盒", _("box")
    BAG = "袋", _("bag")


# Weighed units may be ordered in tenths (1.5 斤); every other unit only whole.
WEIGHED = frozenset({Unit.JIN, Unit.KILO})


def to_milli(quantity: Decimal) -> int:
    return int((quantity * 1000).to_integral_value())


def plain(value: Decimal) -> Decimal:
    """10, not 1E+1 nor 10.000; 1.5, not 1.500."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def from_milli(milli: int) -> Decimal:
    return plain(Decimal(milli) / 1000)


def yuan(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def new_merge_code() -> str:
    return secrets.token_hex(4).upper()


class MergedOrder(models.Model):
    """Offers of several compounds that go to the supplier as one order."""

    supplier = models.CharField(_("supplier"), max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.supplier} #{self.pk}"


class OfferQuerySet(models.QuerySet["Offer"]):
    def open(self) -> OfferQuerySet:
        return self.filter(status=Offer.Status.OPEN, cutoff_at__gt=timezone.now())


class Offer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open for sign-up")
        CONFIRMED = "confirmed", _("ordered: the minimum was reached")
        FAILED = "failed", _("not ordered: the minimum was not reached")
        DELIVERED = "delivered", _("delivered to the gate")
        CANCELLED = "cancelled", _("cancelled")

    class Minimum(models.TextChoices):
        NONE = "none", _("no minimum")
        SHARES = "shares", _("a number of shares")
        AMOUNT = "amount", _("an amount (yuan)")

    class FeeSplit(models.TextChoices):
        HOUSEHOLD = "household", _("equally per household")
        SHARE = "share", _("per share")
        AMOUNT = "amount", _("by amount")

    class Source(models.TextChoices):
        LINLI = "linli", _("made in Linli")
        IMPORT = "import", _("imported from a group-buy app")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="group_buys")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="group_buys"
    )
    title = models.CharField(_("title"), max_length=100)
    supplier = models.CharField(_("supplier"), max_length=100)
    notes = models.TextField(_("notes for residents"), blank=True, max_length=1000)
    # Which buildings may sign up, as people type it ("3-7, 12"); blank: the whole compound.
    buildings = models.CharField(_("buildings"), max_length=200, blank=True)
    cutoff_at = models.DateTimeField(_("cut-off"))
    delivery_on = models.DateField(_("expected delivery"), null=True, blank=True)
    minimum_kind = models.CharField(
        _("minimum"), max_length=10, choices=Minimum.choices, default=Minimum.NONE
    )
    minimum = models.DecimalField(_("minimum to go ahead"), max_digits=12, decimal_places=2,
                                  default=Decimal(0))  # fmt: skip
    fee = models.DecimalField(_("delivery fee (yuan)"), max_digits=10, decimal_places=2,
                              default=Decimal(0))  # fmt: skip
    fee_split = models.CharField(
        _("fee split"), max_length=10, choices=FeeSplit.choices, default=FeeSplit.HOUSEHOLD
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LINLI)
    merged = models.ForeignKey(
        MergedOrder, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    # Given to the neighbouring compound's leader to merge their offer into this one.
    merge_code = models.CharField(max_length=8, default=new_merge_code)
    outcome = models.TextField(blank=True)  # why it went ahead or not, in words
    # An imported export's checksum: the same file imported twice makes one offer.
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["merge_code"], name="offer_unique_merge_code"),
            models.UniqueConstraint(
                fields=["compound", "fingerprint"],
                condition=~Q(fingerprint=""),
                name="offer_import_once",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="offer_fee_not_negative"),
            models.CheckConstraint(condition=Q(minimum__gte=0), name="offer_minimum_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def topic(self) -> str:
        """What the ledger calls this offer's money."""
        return f"offer:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.cutoff_at > timezone.now()

    @property
    def status_label(self) -> str:
        """The status in words; an open list whose cut-off has passed is no longer taking names."""
        if self.status == self.Status.OPEN and not self.is_open:
            return str(_("cut off: waiting to be allocated"))
        return str(self.get_status_display())

    def siblings(self) -> models.QuerySet[Offer]:
        """This offer and those merged with it (all compounds: for the order, never shown)."""
        # Read from the database, not from this object: the neighbour may have merged since.
        merged = Offer.objects.filter(pk=self.pk).values("merged")
        return Offer.objects.filter(Q(pk=self.pk) | Q(merged__in=merged))


class OfferItem(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("item"), max_length=100)
    spec = models.CharField(_("specification"), max_length=100, blank=True)  # 规格: 250ml×12
    unit = models.CharField(_("unit"), max_length=4, choices=Unit.choices)
    price = models.DecimalField(_("unit price (yuan)"), max_digits=10, decimal_places=2)
    # The supplier sells whole cases of this many units (milk: 12 boxes); 1: sold singly.
    case_size = models.PositiveIntegerField(_("case size"), default=1)
    limit_milli = models.PositiveIntegerField(null=True, blank=True)  # per household
    stock_milli = models.PositiveIntegerField(null=True, blank=True)  # a flash offer's stock
    taken_milli = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["offer", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="offer_item_price"),
            models.CheckConstraint(condition=Q(case_size__gte=1), name="offer_item_case_size"),
            # The database itself never lets a flash offer oversell.
            models.CheckConstraint(
                condition=Q(stock_milli__isnull=True) | Q(taken_milli__lte=models.F("stock_milli")),
                name="offer_item_not_oversold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.spec}".strip()

    @property
    def whole_only(self) -> bool:
        return self.unit not in WEIGHED

    @property
    def limit(self) -> Decimal | None:
        return None if self.limit_milli is None else from_milli(self.limit_milli)

    @property
    def stock(self) -> Decimal | None:
        return None if self.stock_milli is None else from_milli(self.stock_milli)

    @property
    def left(self) -> Decimal | None:
        if self.stock_milli is None:
            return None
        return from_milli(self.stock_milli - self.taken_milli)

    @property
    def signed_up(self) -> Decimal:
        """With the offer's page annotation `signed`: the total on the list."""
        return from_milli(getattr(self, "signed", None) or 0)

    def price_label(self) -> str:
        case = f"，整箱{self.case_size}{self.unit}" if self.case_size > 1 else ""
        return f"¥{self.price}/{self.unit}{case}"


class SignUp(models.Model):
    """One household on one offer's list (接龙), first come first served by `created_at`."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="signups")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="signups")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Signed up by a volunteer for a household without a smartphone.
    proxy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # Added by the leader after the cut-off, with their reason; shown as late.
    late_reason = models.CharField(_("why late"), max_length=200, blank=True)
    cancelled = models.BooleanField(default=False)
    charged = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "household"], name="signup_once_per_offer")
        ]

    def __str__(self) -> str:
        return f"{self.offer} · {self.household}"


class SignUpLine(models.Model):
    signup = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(OfferItem, on_delete=models.CASCADE, related_name="lines")
    quantity_milli = models.PositiveIntegerField()
    # Foodsoft's tolerance: "I would take up to this many more to complete a case".
    tolerance_milli = models.PositiveIntegerField(default=0)
    allocated_milli = models.PositiveIntegerField(null=True, blank=True)  # set at the cut-off
    short_milli = models.PositiveIntegerField(default=0)  # what did not come, credited
    why = models.CharField(max_length=200, blank=True)  # why less than asked

    class Meta:
        ordering = ["signup", "item"]
        constraints = [
            models.UniqueConstraint(fields=["signup", "item"], name="signup_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"

    @property
    def quantity(self) -> Decimal:
        return from_milli(self.quantity_milli)

    @property
    def tolerance(self) -> Decimal:
        return from_milli(self.tolerance_milli)

    @property
    def allocated(self) -> Decimal | None:
        return None if self.allocated_milli is None else from_milli(self.allocated_milli)

    @property
    def received_milli(self) -> int:
        return max((self.allocated_milli or 0) - self.short_milli, 0)

    @property
    def received(self) -> Decimal:
        return from_milli(self.received_milli)
