"""What the ledger says: balances are sums over postings, read in one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from ledger.models import ZERO, Account, Posting, Transaction, cents
from registry.models import Compound, Household, building_sort_key


def household_balances(
    households: QuerySet[Household] | list[int], topic: str | None = None
) -> dict[int, Decimal]:
    """household id → what it owes (negative: what it is owed), over everything or one topic."""
    postings = Posting.objects.filter(
        account__kind=Account.Kind.HOUSEHOLD, account__household__in=households
    )
    if topic is not None:
        postings = postings.filter(transaction__topic=topic)
    rows = postings.values("account__household").annotate(total=Sum("amount"))
    return {row["account__household"]: cents(row["total"]) for row in rows}


def balance_of(household: Household, topic: str | None = None) -> Decimal:
    return household_balances([household.pk], topic).get(household.pk, ZERO)


def _walk_order(household: Household) -> tuple[object, ...]:
    """Building, unit and room as people walk them: 2栋 before 10栋."""
    unit = household.unit
    return (building_sort_key(unit.building.number), building_sort_key(unit.number),
            household.floor or 0, household.room)  # fmt: skip


@dataclass
class Owing:
    household: Household
    owed: Decimal
    signup_pk: int | None = None  # where the owing is for an offer: its sign-up


def unpaid(households: QuerySet[Household], topic: str | None = None) -> list[Owing]:
    """The households that still owe, in building and room order: the list to chase."""
    owed = {pk: total for pk, total in household_balances(households, topic).items() if total > 0}
    found = Household.objects.filter(pk__in=owed).select_related("unit__building")
    return [Owing(household, owed[household.pk]) for household in sorted(found, key=_walk_order)]


def to_refund(households: QuerySet[Household], topic: str | None = None) -> list[Owing]:
    """Households that paid more than they owe (a shortage credited after they paid)."""
    owed = {pk: -total for pk, total in household_balances(households, topic).items() if total < 0}
    found = Household.objects.filter(pk__in=owed).select_related("unit__building")
    return [Owing(household, owed[household.pk]) for household in sorted(found, key=_walk_order)]


@dataclass
class Totals:
    charged: Decimal = ZERO
    credited: Decimal = ZERO
    paid: Decimal = ZERO
    paid_out: Decimal = ZERO
    to_supplier: Decimal = ZERO

    @property
    def owed_by_households(self) -> Decimal:
        return self.charged - self.credited - self.paid + self.paid_out

    @property
    def supplier_bill(self) -> Decimal:
        """What the supplier is owed for the goods that came: charges less shortages."""
        return self.charged - self.credited

    @property
    def held(self) -> Decimal:
        """What the volunteers hold for it: payments less refunds and payments to the supplier."""
        return self.paid - self.paid_out - self.to_supplier


def credits(topic: str) -> dict[int, Decimal]:
    """household id → what shortages and substitutions took off its charges on one topic."""
    rows = (
        Transaction.objects.filter(topic=topic, kind=Transaction.Kind.CREDIT)
        .values("household")
        .annotate(total=Sum("amount"))
    )
    return {row["household"]: cents(row["total"]) for row in rows}


def totals(compound: Compound | int, topic: str) -> Totals:
    """One topic (an offer, a request) in sums: the transparency line residents can check."""
    field = {
        Transaction.Kind.CHARGE: "charged",
        Transaction.Kind.CREDIT: "credited",
        Transaction.Kind.PAYMENT: "paid",
        Transaction.Kind.PAYOUT: "paid_out",
        Transaction.Kind.SUPPLIER_PAYMENT: "to_supplier",
    }
    result = Totals()
    rows = (
        Transaction.objects.filter(compound=compound, topic=topic, kind__in=list(field))
        .values("kind")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        setattr(result, field[row["kind"]], cents(row["total"]))
    return result


@dataclass
class Statement:
    holder: User
    day: date
    opening: Decimal
    entries: list[tuple[Transaction, Decimal]]  # each with what it did to the holder's money
    closing: Decimal


def statement(compound: Compound | int, holder: User, day: date) -> Statement:
    """A volunteer's day: what they held in the morning, each entry, what they hold tonight."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    postings = Posting.objects.filter(
        account__compound=compound, account__kind=Account.Kind.HOLDER, account__user=holder
    )
    before = postings.filter(transaction__recorded_at__lt=start).aggregate(t=Sum("amount"))["t"]
    opening = cents(before)
    that_day = (
        postings.filter(transaction__recorded_at__gte=start, transaction__recorded_at__lt=end)
        .select_related("transaction__household__unit__building")
        .order_by("transaction__recorded_at", "transaction__pk")
    )
    entries = [(p.transaction, p.amount) for p in that_day]
    closing = opening + sum((amount for _t, amount in entries), ZERO)
    return Statement(holder, day, opening, entries, closing)


def holdings(compound: Compound | int) -> list[tuple[User, Decimal]]:
    """Who holds how much of the community's and households' money now."""
    rows = (
        Posting.objects.filter(account__compound=compound, account__kind=Account.Kind.HOLDER)
        .values("account__user")
        .annotate(total=Sum("amount"))
    )
    totals_by_user = {row["account__user"]: total for row in rows if (total := cents(row["total"]))}
    users = User.objects.filter(pk__in=totals_by_user).order_by("name")
    return [(user, totals_by_user[user.pk]) for user in users]


def suppliers(compound: Compound | int) -> list[tuple[str, Decimal]]:
    """What each supplier is still owed (charges for its goods less what was paid to it)."""
    rows = (
        Posting.objects.filter(account__compound=compound, account__kind=Account.Kind.SUPPLIER)
        .values("account__name")
        .annotate(total=Sum("amount"))
        .order_by("account__name")
    )
    return [(row["account__name"], -total) for row in rows if (total := cents(row["total"]))]


def entries_of(household: Household) -> QuerySet[Transaction]:
    return (
        Transaction.objects.filter(
            Q(household=household) | Q(postings__account__household=household)
        )
        .distinct()
        .order_by("recorded_at", "pk")
    )


def total_of_all(compound: Compound | int) -> Decimal:
    """The sum of every posting: zero, always (the property tests hold it to that)."""
    return cents(
        Posting.objects.filter(transaction__compound=compound).aggregate(t=Sum("amount"))["t"]
    )
