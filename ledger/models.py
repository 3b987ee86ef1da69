"""One double-entry ledger for every yuan that passes through volunteers' hands.

A `Transaction` is one event (a household charged for its group-buy share, a payment received
by WeChat transfer, a refund for a shortage, a volunteer's advance on a help-desk request, a
cash donation); its `Posting`s move the amount between `Account`s and always sum to zero.
Signs: a posting is positive when the account receives value (a household that now owes, a
volunteer who now holds cash) and negative when it gives it (a supplier now owed, a fund now
holding donations). So a household's balance is what it owes (negative: it is owed a refund),
a holder's balance is the money in their hands, a supplier's is minus what is owed to them.

Amounts are `Decimal` with two places, never floats; balances are sums over postings, never
stored, so they cannot drift from the entries.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models import Compound, Household

ZERO = Decimal("0.00")


class Account(models.Model):
    class Kind(models.TextChoices):
        HOUSEHOLD = "household", _("household")
        HOLDER = "holder", _("money held by a volunteer")
        ADVANCE = "advance", _("a volunteer's own money advanced")
        SUPPLIER = "supplier", _("supplier")
        FUND = "fund", _("community fund")
        SPENT = "spent", _("spent from the fund")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="ledger_accounts",
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=100, blank=True)  # a supplier's
    # "household:12", "holder:5", "supplier:佳日果蔬": one account per thing, found by key.
    key = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["compound", "key"], name="ledger_account_key")
        ]

    def __str__(self) -> str:
        if self.household_id is not None:
            return str(self.household)
        if self.user_id is not None:
            return f"{self.get_kind_display()}: {self.user}"
        return f"{self.get_kind_display()}: {self.name}" if self.name else self.get_kind_display()

    def balance(self) -> Decimal:
        total = self.postings.aggregate(total=Sum("amount"))["total"]
        # SQLite adds decimals as floats: back to yuan and fen.
        return ZERO if total is None else Decimal(total).quantize(Decimal("0.01"))


class TransactionQuerySet(models.QuerySet["Transaction"]):
    def about(self, topic: str) -> TransactionQuerySet:
        return self.filter(topic=topic)


class Transaction(models.Model):
    class Kind(models.TextChoices):
        CHARGE = "charge", _("charge")
        CREDIT = "credit", _("credit for a shortage")
        PAYMENT = "payment", _("payment received")
        PAYOUT = "payout", _("refund paid out")
        SUPPLIER_PAYMENT = "supplier_payment", _("paid to the supplier")
        ADVANCE = "advance", _("advanced by a volunteer")
        REPAYMENT = "repayment", _("advance paid back")
        DONATION = "donation", _("cash donation")
        SPENDING = "spending", _("spent")
        HANDOVER = "handover", _("handed over")

    compound = models.ForeignKey(Compound, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What it is about, as "offer:12" or "request:34": an offer's transparency page and a
    # request's money are the transactions about them.
    topic = models.CharField(max_length=40, blank=True, db_index=True)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    memo = models.CharField(_("what for"), max_length=200, blank=True)
    # The WeChat or Alipay transfer's number: one payment per transfer.
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_amount_positive"),
            models.UniqueConstraint(
                fields=["compound", "reference"],
                condition=~Q(reference="") & Q(kind__in=["payment", "repayment", "donation"]),
                name="ledger_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount} {self.memo}"


class Posting(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_posting_not_zero")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.amount}"
