"""Donations in, stock on hand, issues out: the goods ledger that always balances.

Quantities are Decimal at the edges (2.5 斤, 0.5 L) and integer thousandths inside, never float.
Stock on hand is a row per article, post and lot; an issue takes from the lot that expires first
and is a conditional update (`milli >= wanted`), so two issues at once never take more than
there is.
Every change is a StockMove: for each lot, the moves add up to what is on hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.capabilities import require
from accounts.models import AuditEntry, User, record
from linli.errors import Conflict
from logistics.capabilities import RECEIVE_GOODS
from logistics.models import Donation, Stock, StockMove, from_milli, to_milli
from registry.models import Compound, Household

MAX_QUANTITY = Decimal("1000000")
NEAR_EXPIRY_DAYS = 7


def quantity_of(text: Any) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("“%(value)s” is not a quantity.") % {"value": text}) from None
    if not value.is_finite() or value <= 0 or value > MAX_QUANTITY:
        raise ValidationError(_("The quantity must be more than 0 and at most 1,000,000."))
    if value != value.quantize(Decimal("0.001")):
        raise ValidationError(_("At most three decimals."))
    return value


def receive_donation(
    *, user: User, compound: Compound, donor: str, donor_is_resident: bool = False,
    goods: list[dict[str, Any]] | None = None, amount: Decimal = Decimal(0),
    value: Decimal = Decimal(0), note: str = "", post: str = "物资仓库",
) -> Donation:  # fmt: skip
    """A donation; its goods (article, unit, quantity, expires_on) go into stock."""
    require(user, RECEIVE_GOODS, _("You do not receive goods."))
    if not donor.strip():
        raise ValidationError(_("Say who gave it."))
    goods = goods or []
    if not goods and amount <= 0:
        raise ValidationError(_("A donation is goods or money: neither was given."))
    with transaction.atomic():
        donation = Donation.objects.create(
            compound=compound, donor=donor.strip()[:100], donor_is_resident=donor_is_resident,
            kind=Donation.Kind.GOODS if goods else Donation.Kind.MONEY, amount=amount,
            value=value, note=note.strip()[:200], received_by=user,
        )  # fmt: skip
        for line in goods:
            stock_in(
                user=user, compound=compound, article=line["article"], unit=line.get("unit", "件"),
                quantity=quantity_of(line["quantity"]), post=post,
                expires_on=line.get("expires_on"), reason=StockMove.Reason.DONATION,
                donation=donation,
            )  # fmt: skip
        detail = {"donor": donation.donor, "amount": str(amount), "lines": len(goods)}
        record(user=user, action=AuditEntry.Action.CREATE, obj=donation, detail=detail)
    return donation


def stock_in(
    *, user: User, compound: Compound, article: str, quantity: Decimal, reason: str,
    unit: str = "件", post: str = "物资仓库", expires_on: date | None = None,
    donation: Donation | None = None,
) -> StockMove:  # fmt: skip
    if not article.strip():
        raise ValidationError(_("Name the article."))
    with transaction.atomic():
        lot, _created = Stock.objects.get_or_create(
            compound=compound, article=article.strip()[:100], unit=unit.strip()[:10] or "件",
            post=post.strip()[:50] or "物资仓库", expires_on=expires_on,
        )  # fmt: skip
        milli = to_milli(quantity)
        Stock.objects.filter(pk=lot.pk).update(milli=F("milli") + milli)
        return StockMove.objects.create(
            stock=lot, milli=milli, reason=reason, donation=donation, by=user
        )


def issue(
    *, user: User, compound: Compound, article: str, quantity: Decimal, post: str = "物资仓库",
    household: Household | None = None, issued_to: str = "", note: str = "",
) -> list[StockMove]:  # fmt: skip
    """Out of stock to a household or a volunteer post, the lot that expires first first."""
    require(user, RECEIVE_GOODS, _("You do not issue goods."))
    if household is None and not issued_to.strip():
        raise ValidationError(_("Say who it goes to: a household or a volunteer post."))
    reason = StockMove.Reason.TO_HOUSEHOLD if household else StockMove.Reason.TO_VOLUNTEER
    wanted = to_milli(quantity)
    moves = []
    with transaction.atomic():
        on_hand = on_hand_of(compound, article, post)
        if to_milli(on_hand) < wanted:
            raise _not_enough(article, post, on_hand)
        lots = Stock.objects.filter(
            compound=compound, article=article, post=post, milli__gt=0
        ).order_by(F("expires_on").asc(nulls_last=True), "pk")
        for lot in lots:
            if wanted <= 0:
                break
            take = min(wanted, lot.milli)
            # Conditional: of two issues at once, the second finds less and takes less, or fails.
            if not Stock.objects.filter(pk=lot.pk, milli__gte=take).update(milli=F("milli") - take):
                continue
            moves.append(StockMove.objects.create(
                stock=lot, milli=-take, reason=reason, household=household,
                issued_to=issued_to.strip()[:100], by=user, note=note.strip()[:200],
            ))  # fmt: skip
            wanted -= take
        if wanted > 0:  # taken by somebody else in the meantime: all or nothing
            raise _not_enough(article, post, on_hand_of(compound, article, post))
    return moves


def _not_enough(article: str, post: str, on_hand: Decimal) -> Conflict:
    return Conflict(
        _("Not enough %(article)s at %(post)s: %(on_hand)s on hand. Nothing was issued.")
        % {"article": article, "post": post, "on_hand": _plain(on_hand)}
    )


def on_hand_of(compound: Compound, article: str, post: str) -> Decimal:
    total = Stock.objects.filter(compound=compound, article=article, post=post).aggregate(
        total=Sum("milli")
    )["total"]
    return from_milli(total or 0)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


@dataclass
class Line:
    article: str
    unit: str
    post: str
    on_hand: Decimal
    low: bool
    near_expiry: date | None


def stock_lines(compound: Compound, today: date | None = None) -> list[Line]:
    """Per article and post: on hand, low, and the nearest expiry of what is left."""
    today = today or timezone.localdate()
    rows: dict[tuple[str, str, str], Line] = {}
    lots: QuerySet[Stock] = Stock.objects.filter(compound=compound).order_by("article", "post")
    for lot in lots:
        key = (lot.article, lot.unit, lot.post)
        line = rows.setdefault(key, Line(lot.article, lot.unit, lot.post, Decimal(0), False, None))
        line.on_hand += lot.quantity
        line.low = line.low or (lot.low_milli > 0 and to_milli(line.on_hand) < lot.low_milli)
        expiry = lot.expires_on
        if expiry is None or lot.milli <= 0:
            continue
        if expiry <= today + timedelta(days=NEAR_EXPIRY_DAYS):
            line.near_expiry = min(expiry, line.near_expiry or expiry)
    return list(rows.values())


@dataclass
class Summary:
    """The public page: no personal data."""

    donations: int
    money: Decimal
    received: Decimal
    issued: Decimal
    on_hand: Decimal
    by_article: list[tuple[str, str, Decimal, Decimal, Decimal]]


def public_summary(compound: Compound) -> Summary:
    moves = StockMove.objects.filter(stock__compound=compound)
    per = (
        moves.values("stock__article", "stock__unit")
        .annotate(
            came=Sum("milli", filter=Q(milli__gt=0)),
            went=Sum("milli", filter=Q(milli__lt=0)),
        )
        .order_by("stock__article")
    )
    by_article = []
    for row in per:
        came, went = from_milli(row["came"] or 0), from_milli(-(row["went"] or 0))
        by_article.append((row["stock__article"], row["stock__unit"], came, went, came - went))
    donations = Donation.objects.filter(compound=compound)
    return Summary(
        donations=donations.count(),
        # Summed here, not in SQL: SQLite would add the amounts as floating point.
        money=sum((d.amount for d in donations.only("amount")), Decimal(0)),
        received=sum((a[2] for a in by_article), Decimal(0)),
        issued=sum((a[3] for a in by_article), Decimal(0)),
        on_hand=sum((a[4] for a in by_article), Decimal(0)),
        by_article=by_article,
    )


def set_low_level(
    *, user: User, compound: Compound, article: str, post: str, level: Decimal
) -> int:
    """Below this much on hand, the article is flagged low at this post."""
    require(user, RECEIVE_GOODS, _("You do not issue goods."))
    lots = Stock.objects.filter(compound=compound, article=article.strip(), post=post.strip())
    if not lots.exists():
        raise ValidationError(
            _("There is no %(article)s at %(post)s.") % {"article": article, "post": post}
        )
    return lots.update(low_milli=to_milli(level))
