"""Every write of a group buy: publish, sign up, change, close and allocate, merge, pay, refund.

Sign-ups race: hundreds of households press the button in the same second on a flash offer.
A household's place on the list is the unique (offer, household) row; an item's stock is a
conditional UPDATE (`taken + n <= stock`), which both databases apply atomically, so the
counter never passes the stock however the requests interleave (`select_for_update` would do
nothing on SQLite).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.capabilities import require
from accounts.models import AuditEntry, User, record
from groupbuy.capabilities import RUN_GROUP_BUY, SIGN_UP_BY_PROXY
from groupbuy.models import (
    WEIGHED,
    MergedOrder,
    Offer,
    OfferItem,
    SignUp,
    SignUpLine,
    Unit,
    from_milli,
    plain,
    to_milli,
    yuan,
)
from ledger import actions as ledger
from lib.bulk import update_rows
from lib.ranges import BuildingRangeError, format_building_range, parse_building_range
from linli.errors import Conflict
from registry.models import Building, Compound, Household

MAX_ITEMS = 50
MAX_QUANTITY = Decimal(1000)


# --- quantities as people type them --------------------------------------------------------


def quantity(text: Decimal | str | int, unit: str, *, what: str = "") -> Decimal:
    """A quantity of `unit`: whole for 箱/份/个/盒/袋, tenths for 斤/公斤; never negative."""
    try:
        value = text if isinstance(text, Decimal) else Decimal(str(text).strip() or "0")
    except InvalidOperation:
        raise ValidationError(_("“%(text)s” is not a quantity.") % {"text": text}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError(_("A quantity cannot be negative."))
    if value > MAX_QUANTITY:
        raise ValidationError(_("%(what)s: at most %(max)s.") % {"what": what, "max": MAX_QUANTITY})
    if unit not in WEIGHED and value != value.to_integral_value():
        raise ValidationError(
            _("%(what)s is sold in whole %(unit)s: %(value)s is not a whole number.")
            % {"what": what or _("This item"), "unit": unit, "value": plain(value)}
        )
    if unit in WEIGHED and value != value.quantize(Decimal("0.1")):
        raise ValidationError(
            _("%(what)s is weighed to a tenth of a %(unit)s at most.")
            % {"what": what or _("This item"), "unit": unit}
        )
    return value


# --- publishing ----------------------------------------------------------------------------


@dataclass
class ItemSpec:
    name: str
    unit: str
    price: Decimal
    spec: str = ""
    case_size: int = 1
    limit: Decimal | None = None
    stock: Decimal | None = None


def eligible_buildings(compound: Compound, buildings: str) -> list[Building]:
    """The compound's buildings an offer is for ("3-7, 12"; blank: all of them)."""
    all_buildings = list(Building.objects.filter(compound=compound).order_by("number"))
    if not buildings.strip():
        return all_buildings
    wanted = parse_building_range(buildings)
    labels = {b.number or b.name: b for b in all_buildings}
    resolved = wanted.resolve(labels)
    if resolved.missing:
        raise ValidationError(
            _("%(compound)s has no %(missing)s.")
            % {"compound": compound.name, "missing": "、".join(resolved.missing)}
        )
    return [labels[label] for label in resolved.matched]


def _check_publisher(user: User, compound: Compound, buildings: list[Building]) -> None:
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders and admins publish offers."))
    if user.is_superuser or compound.pk in user.scope.compounds:
        return
    outside = [b for b in buildings if not user.serves(b)]
    if outside or not buildings:
        raise PermissionDenied(
            _("You may publish only for the buildings you serve; name them under “buildings”.")
        )


def publish_offer(
    *,
    user: User,
    compound: Compound,
    title: str,
    supplier: str,
    cutoff_at: datetime,
    items: list[ItemSpec],
    buildings: str = "",
    notes: str = "",
    delivery_on: Any = None,
    minimum_kind: str = Offer.Minimum.NONE,
    minimum: Decimal = Decimal(0),
    fee: Decimal = Decimal(0),
    fee_split: str = Offer.FeeSplit.HOUSEHOLD,
) -> Offer:
    if not title.strip() or not supplier.strip():
        raise ValidationError(_("An offer needs a title and a supplier."))
    if cutoff_at <= timezone.now():
        raise ValidationError(_("The cut-off must be in the future."))
    if not items:
        raise ValidationError(_("Add at least one item."))
    if len(items) > MAX_ITEMS:
        raise ValidationError(_("At most %d items in one offer.") % MAX_ITEMS)
    if fee < 0 or minimum < 0:
        raise ValidationError(_("The fee and the minimum cannot be negative."))
    if minimum_kind not in Offer.Minimum.values or fee_split not in Offer.FeeSplit.values:
        raise ValidationError(_("Choose the minimum and how the fee is split."))
    try:
        chosen = eligible_buildings(compound, buildings)
        canonical = format_building_range(parse_building_range(buildings)) if buildings else ""
    except BuildingRangeError as error:
        raise ValidationError(str(error)) from None
    _check_publisher(user, compound, chosen)
    names = set()
    for spec in items:
        if not spec.name.strip():
            raise ValidationError(_("Every item needs a name."))
        if spec.unit not in Unit.values:
            raise ValidationError(
                _("“%(unit)s” is not a unit; use one of %(units)s.")
                % {"unit": spec.unit, "units": " / ".join(Unit.values)}
            )
        if spec.price < 0 or spec.price != spec.price.quantize(Decimal("0.01")):
            raise ValidationError(_("%s: the price is yuan and fen, not negative.") % spec.name)
        if not 1 <= spec.case_size <= 1000:
            raise ValidationError(_("%s: a case holds 1 to 1000 units.") % spec.name)
        for value in (spec.limit, spec.stock):
            if value is not None:
                quantity(value, spec.unit, what=spec.name)
        key = (spec.name.strip(), spec.spec.strip(), spec.unit)
        if key in names:
            raise ValidationError(_("%s is listed twice.") % spec.name)
        names.add(key)
    with transaction.atomic():
        offer = Offer.objects.create(
            compound=compound, leader=user, title=title.strip()[:100],
            supplier=" ".join(supplier.split())[:100], notes=notes.strip()[:1000],
            buildings=canonical, cutoff_at=cutoff_at, delivery_on=delivery_on,
            minimum_kind=minimum_kind, minimum=minimum, fee=fee, fee_split=fee_split,
        )  # fmt: skip
        OfferItem.objects.bulk_create([
            OfferItem(
                offer=offer, name=spec.name.strip()[:100], spec=spec.spec.strip()[:100],
                unit=spec.unit, price=spec.price, case_size=spec.case_size, position=position,
                limit_milli=None if spec.limit is None else to_milli(spec.limit),
                stock_milli=None if spec.stock is None else to_milli(spec.stock),
            )
            for position, spec in enumerate(items)
        ])  # fmt: skip
        record(user=user, action=AuditEntry.Action.CREATE, obj=offer,
               detail={"title": offer.title, "items": len(items)})  # fmt: skip
    return offer


# --- signing up ----------------------------------------------------------------------------


def _check_household(offer: Offer, household: Household) -> None:
    building = household.unit.building
    if building.compound_id != offer.compound_id:
        raise PermissionDenied(_("This offer is for another compound."))
    if offer.buildings and building.pk not in {
        b.pk for b in eligible_buildings(offer.compound, offer.buildings)
    }:
        raise ValidationError(_("This offer is for %s only.") % offer.buildings)


def _wanted(
    offer: Offer, quantities: dict[int, Any], tolerances: dict[int, Any] | None
) -> dict[int, tuple[int, int]]:
    """item id → (thousandths asked, tolerance), checked against the unit and the limit."""
    items = {item.pk: item for item in offer.items.all()}
    wanted: dict[int, tuple[int, int]] = {}
    for pk, raw in quantities.items():
        item = items.get(int(pk))
        if item is None:
            raise ValidationError(_("That item is not in this offer."))
        amount = quantity(raw, item.unit, what=item.name)
        extra = quantity((tolerances or {}).get(pk, 0) or 0, item.unit, what=item.name)
        if item.limit_milli is not None and to_milli(amount) > item.limit_milli:
            raise ValidationError(
                _("%(item)s: at most %(limit)s %(unit)s per household.")
                % {"item": item.name, "limit": item.limit, "unit": item.unit}
            )
        if extra and item.case_size == 1:
            extra = Decimal(0)  # nothing to complete
        if amount or extra:
            wanted[item.pk] = (to_milli(amount), to_milli(extra))
    return wanted


def _take_stock(item_id: int, delta: int) -> bool:
    """Reserve (or give back) `delta` thousandths of a flash item; False when not enough left."""
    if delta == 0:
        return True
    items = OfferItem.objects.filter(pk=item_id)
    if delta > 0:
        items = items.filter(
            Q(stock_milli__isnull=True) | Q(taken_milli__lte=F("stock_milli") - delta)
        )
    return items.update(taken_milli=F("taken_milli") + delta) == 1


def sign_up(
    *,
    offer: Offer,
    household: Household,
    quantities: dict[int, Any],
    tolerances: dict[int, Any] | None = None,
    proxy_by: User | None = None,
    late_reason: str = "",
    leader: User | None = None,
) -> SignUp | None:
    """Put the household on the list with these quantities (0 everywhere: off the list).

    Called again, it changes the household's lines and keeps its place. After the cut-off only
    the leader adds a household, with a reason, and the list shows it as late.
    """
    _check_household(offer, household)
    if proxy_by is not None:
        require(proxy_by, SIGN_UP_BY_PROXY, _("You do not sign households up."))
        if not proxy_by.serves(household.unit.building):
            raise PermissionDenied(_("That household is outside your scope."))
    late = not offer.is_open
    if late:
        if offer.status != Offer.Status.OPEN:
            raise ValidationError(_("This offer is closed: the order has gone to the supplier."))
        if leader is None or not late_reason.strip():
            raise ValidationError(
                _("The cut-off has passed. Ask the group-buy leader to add you, with a reason.")
            )
        require(leader, RUN_GROUP_BUY, _("Only the group-buy leader adds a late sign-up."))
    wanted = _wanted(offer, quantities, tolerances)
    with transaction.atomic():
        signup = SignUp.objects.filter(offer=offer, household=household).first()
        if signup is None and not wanted:
            return None
        if signup is None:
            try:
                with transaction.atomic():
                    signup = SignUp.objects.create(
                        offer=offer, household=household, proxy_by=proxy_by,
                        late_reason=late_reason.strip()[:200] if late else "",
                    )  # fmt: skip
            except IntegrityError:  # the same household, from a second phone, a moment ago
                signup = SignUp.objects.get(offer=offer, household=household)
        had = {line.item_id: line for line in signup.lines.all()}
        for item_id in sorted(set(had) | set(wanted)):
            new, extra = wanted.get(item_id, (0, 0))
            old = had[item_id].quantity_milli if item_id in had else 0
            if not _take_stock(item_id, new - old):
                item = OfferItem.objects.get(pk=item_id)
                transaction.set_rollback(True)
                raise Conflict(
                    _("%(item)s: only %(left)s %(unit)s left, not enough for %(asked)s.")
                    % {"item": item.name, "left": item.left, "unit": item.unit,
                       "asked": from_milli(new)}
                )  # fmt: skip
            if item_id in had and not new and not extra:
                had[item_id].delete()
            elif item_id in had:
                SignUpLine.objects.filter(pk=had[item_id].pk).update(
                    quantity_milli=new, tolerance_milli=extra
                )
            else:
                SignUpLine.objects.create(
                    signup=signup, item_id=item_id, quantity_milli=new, tolerance_milli=extra
                )
        cancelled = not wanted
        if cancelled != signup.cancelled or (proxy_by and not signup.proxy_by_id):
            signup.cancelled = cancelled
            signup.proxy_by = signup.proxy_by or proxy_by
            signup.save(update_fields=["cancelled", "proxy_by", "updated_at"])
        if proxy_by is not None or leader is not None:
            record(user=proxy_by or leader, action=AuditEntry.Action.UPDATE, obj=signup,
                   detail={"lines": {str(k): v[0] for k, v in wanted.items()},
                           "late": late_reason if late else ""})  # fmt: skip
    return signup


def cancel(*, offer: Offer, household: Household, proxy_by: User | None = None) -> None:
    sign_up(offer=offer, household=household, quantities={}, proxy_by=proxy_by)


# --- merging with a neighbouring compound ---------------------------------------------------


def item_key(item: OfferItem) -> tuple[str, str, str]:
    return (item.name, item.spec, item.unit)


def merge(*, user: User, offer: Offer, code: str) -> MergedOrder:
    """Join the offer whose merge code the other compound's leader gave, for one supplier order."""
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders merge offers."))
    code = code.strip().upper()
    if not code:
        raise ValidationError(_("Enter the merge code the other compound's leader gave you."))
    if code == offer.merge_code:
        raise ValidationError(
            _("That is this offer's own code: give it to the other compound's leader, or enter "
              "theirs.")
        )  # fmt: skip
    other = Offer.objects.filter(merge_code=code).exclude(pk=offer.pk).first()
    if other is None:
        raise ValidationError(_("No offer has the merge code “%s”.") % code)
    if other.compound_id == offer.compound_id:
        raise ValidationError(_("Both offers are for this compound: merge with a neighbour's."))
    if not (offer.is_open and other.is_open):
        raise ValidationError(_("Only open offers can be merged."))
    if other.supplier != offer.supplier:
        raise ValidationError(
            _("The other offer is from “%(other)s”, this one from “%(this)s”: one supplier only.")
            % {"other": other.supplier, "this": offer.supplier}
        )
    ours = {item_key(i): i for i in offer.items.all()}
    theirs = {item_key(i): i for i in other.items.all()}
    if ours.keys() != theirs.keys():
        differ = sorted(" ".join(k).strip() for k in ours.keys() ^ theirs.keys())
        raise ValidationError(_("The items differ: %s.") % "、".join(differ))
    for key, item in ours.items():
        if item.case_size != theirs[key].case_size or item.price != theirs[key].price:
            raise ValidationError(_("%s: the price or case size differs.") % item.name)
    with transaction.atomic():
        merged = other.merged or MergedOrder.objects.create(supplier=offer.supplier)
        Offer.objects.filter(pk__in=[offer.pk, other.pk]).update(merged=merged)
        if offer.merged_id and offer.merged_id != merged.pk:  # bring our earlier partners along
            Offer.objects.filter(merged=offer.merged_id).update(merged=merged)
        record(user=user, action=AuditEntry.Action.UPDATE, obj=offer,
               detail={"merged_with": other.pk, "merged_order": merged.pk})  # fmt: skip
    offer.merged = merged
    return merged


# --- the cut-off: allocate, check the minimum, charge ----------------------------------------


@dataclass
class Outcome:
    went_ahead: bool
    shares: Decimal
    amount: Decimal
    reasons: list[str] = field(default_factory=list)


def _check_leader(user: User, offer: Offer) -> None:
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders and admins close offers."))
    if not (user.is_superuser or offer.compound_id in user.scope.compounds
            or offer.leader_id == user.pk):  # fmt: skip
        raise PermissionDenied(_("This offer is another leader's."))


def _minimum_met(offer: Offer, shares: Decimal, amount: Decimal) -> str:
    """Empty when the minimum is met, else what is missing, in words."""
    if offer.minimum_kind == Offer.Minimum.SHARES and shares < offer.minimum:
        return _("%(have)s of %(need)s shares") % {
            "have": plain(shares),
            "need": plain(offer.minimum),
        }
    if offer.minimum_kind == Offer.Minimum.AMOUNT and amount < offer.minimum:
        return _("¥%(have)s of ¥%(need)s") % {"have": amount, "need": offer.minimum}
    return ""


def split_fee(fee: Decimal, weights: dict[int, Decimal]) -> dict[int, Decimal]:
    """The fee over households by weight, in fen, summing exactly to the fee (largest remainder)."""
    total = sum(weights.values(), Decimal(0))
    if not weights or fee <= 0 or total <= 0:
        return {key: Decimal(0) for key in weights}
    fen = int(fee * 100)
    exact = {key: Decimal(fen) * weight / total for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(weights, key=lambda key: (-(exact[key] - shares[key]), key))
    for key in by_remainder[: fen - sum(shares.values())]:
        shares[key] += 1
    return {key: Decimal(value) / 100 for key, value in shares.items()}


def close(*, user: User, offer: Offer, now: datetime | None = None) -> Outcome:
    """Cut the list off and allocate: the whole merged order at once, once every list is closed.

    Goes ahead when every merged offer's minimum is met by the order as a whole; then each
    household is charged in the ledger what it gets plus its share of its compound's fee.
    """
    from groupbuy.allocation import Want, fill_cases

    _check_leader(user, offer)
    now = now or timezone.now()
    with transaction.atomic():
        if offer.status != Offer.Status.OPEN:
            raise Conflict(_("This offer was closed already."))
        if offer.cutoff_at > now:
            Offer.objects.filter(pk=offer.pk).update(cutoff_at=now)  # the leader cuts off early
            offer.cutoff_at = now
        siblings = list(offer.siblings().select_related("compound"))
        waiting = [o for o in siblings if o.cutoff_at > now]
        if waiting:
            raise ValidationError(
                _("%(compound)s's list is open until %(at)s: the merged order closes after that.")
                % {"compound": waiting[0].compound.name,
                   "at": timezone.localtime(waiting[0].cutoff_at).strftime("%m-%d %H:%M")}
            )  # fmt: skip
        # Closed exactly once, even when both compounds' leaders press at the same moment.
        if Offer.objects.filter(pk__in=[o.pk for o in siblings], status=Offer.Status.OPEN).update(
            status=Offer.Status.CONFIRMED, closed_at=now
        ) != len(siblings):
            transaction.set_rollback(True)
            raise Conflict(_("This offer was closed already."))
        lines = list(
            SignUpLine.objects.filter(signup__offer__in=siblings, signup__cancelled=False)
            .select_related("item", "signup")
            .order_by("signup__created_at", "signup__pk", "pk")
        )
        by_key: dict[tuple[str, str, str], list[SignUpLine]] = defaultdict(list)
        for line in lines:
            by_key[item_key(line.item)].append(line)
        shares, amount, reasons = Decimal(0), Decimal(0), []
        for group in by_key.values():
            item = group[0].item
            filled = fill_cases(
                [Want(line.pk, line.quantity_milli, line.tolerance_milli) for line in group],
                item.case_size,
            )
            for line in group:
                line.allocated_milli = filled.given[line.pk]
                if line.allocated_milli > line.quantity_milli:
                    line.why = _(
                        "%(extra)s %(unit)s more than you asked, as you offered, to complete a "
                        "case of %(case)s."
                    ) % {"extra": from_milli(line.allocated_milli - line.quantity_milli),
                         "unit": item.unit, "case": item.case_size}  # fmt: skip
                if line.pk in filled.short:
                    line.why = _(
                        "%(item)s comes in cases of %(case)s; the last case had only %(had)s "
                        "signed up, so %(short)s of yours could not be ordered."
                    ) % {"item": item.name, "case": item.case_size,
                         "had": from_milli(filled.open_case),
                         "short": from_milli(filled.short[line.pk])}  # fmt: skip
            if filled.open_case:
                reasons.append(
                    _("%(item)s: %(cases)s cases ordered; %(rest)s %(unit)s more signed up "
                      "but not enough for another case of %(case)s.")
                    % {"item": item.name, "cases": filled.cases,
                       "rest": from_milli(filled.open_case),
                       "unit": item.unit, "case": item.case_size}
                )  # fmt: skip
            shares += from_milli(filled.units)
            amount += sum(
                (from_milli(filled.given[line.pk]) * line.item.price for line in group), Decimal(0)
            )
        update_rows(SignUpLine, ["allocated_milli", "why"],
                    [[line.allocated_milli, line.why, line.pk] for line in lines])  # fmt: skip
        missing = [m for o in siblings if (m := _minimum_met(o, shares, yuan(amount)))]
        outcome = Outcome(not missing, shares, yuan(amount), reasons)
        if missing:
            outcome.reasons.insert(0, _("The minimum was not reached: %s.") % "；".join(missing))
            Offer.objects.filter(pk__in=[o.pk for o in siblings]).update(
                status=Offer.Status.FAILED, outcome="\n".join(outcome.reasons)
            )
            return outcome
        for sibling in siblings:
            _charge(sibling, [line for line in lines if line.signup.offer_id == sibling.pk], user)
        Offer.objects.filter(pk__in=[o.pk for o in siblings]).update(outcome="\n".join(reasons))
        record(user=user, action=AuditEntry.Action.UPDATE, obj=offer,
               detail={"closed": True, "shares": str(shares), "amount": str(outcome.amount),
                       "merged": [o.pk for o in siblings]})  # fmt: skip
    return outcome


def _charge(offer: Offer, lines: list[SignUpLine], user: User) -> None:
    goods: dict[int, Decimal] = defaultdict(Decimal)
    units: dict[int, Decimal] = defaultdict(Decimal)
    for line in lines:
        if line.allocated_milli:
            goods[line.signup_id] += from_milli(line.allocated_milli) * line.item.price
            units[line.signup_id] += from_milli(line.allocated_milli)
    weights = {
        Offer.FeeSplit.HOUSEHOLD: {key: Decimal(1) for key in goods},
        Offer.FeeSplit.SHARE: units,
        Offer.FeeSplit.AMOUNT: goods,
    }[Offer.FeeSplit(offer.fee_split)]
    fees = split_fee(offer.fee, dict(weights))
    SignUp.objects.filter(offer=offer).update(charged=Decimal(0))
    signups = {s.pk: s for s in SignUp.objects.filter(pk__in=goods).select_related("household")}
    totals = {pk: yuan(value) + fees.get(pk, Decimal(0)) for pk, value in goods.items()}
    ledger.charge_many(
        compound=offer.compound_id, supplier=offer.supplier, recorded_by=user, memo=offer.title,
        topic=offer.topic,
        charges=[(signups[pk].household, total) for pk, total in totals.items() if total > 0],
    )  # fmt: skip
    update_rows(SignUp, ["charged"], [[total, pk] for pk, total in totals.items()])


# --- money after the cut-off ----------------------------------------------------------------


def mark_paid(*, user: User, signup: SignUp, amount: Decimal | str, reference: str) -> Any:
    """The household paid its share (a transfer to the leader, or cash)."""
    _check_leader(user, signup.offer)
    signup.offer.refresh_from_db(fields=["status"])
    if signup.offer.status not in (Offer.Status.CONFIRMED, Offer.Status.DELIVERED):
        raise ValidationError(_("Payments are marked once the order has gone ahead."))
    return ledger.receive_payment(
        household=signup.household, amount=amount, holder=user, reference=reference,
        recorded_by=user, memo=signup.offer.title, topic=signup.offer.topic,
    )  # fmt: skip


def record_shortage(*, user: User, offer: Offer, item: OfferItem, short: Decimal | str,
                    reason: str) -> list[SignUpLine]:  # fmt: skip
    """The supplier sent less of an item: the last to sign up lose it first, and are credited."""
    _check_leader(user, offer)
    if item.offer_id != offer.pk:
        raise ValidationError(_("That item is not in this offer."))
    offer.refresh_from_db(fields=["status"])
    if offer.status not in (Offer.Status.CONFIRMED, Offer.Status.DELIVERED):
        raise ValidationError(_("A shortage is recorded once the order has gone ahead."))
    if not reason.strip():
        raise ValidationError(_("Say what happened (short delivered, substituted, spoiled)."))
    missing = to_milli(quantity(short, item.unit, what=item.name))
    if missing <= 0:
        raise ValidationError(_("Say how much did not come."))
    with transaction.atomic():
        lines = list(
            SignUpLine.objects.filter(item=item, signup__cancelled=False, allocated_milli__gt=0)
            .select_related("signup__household__unit__building")
            .order_by("-signup__created_at", "-signup__pk")
        )
        if missing > sum(line.received_milli for line in lines):
            raise ValidationError(_("That is more than was ordered of %s.") % item.name)
        touched = []
        for line in lines:
            if missing <= 0:
                break
            take = min(line.received_milli, missing)
            if take <= 0:
                continue
            missing -= take
            line.short_milli += take
            line.why = reason.strip()[:200]
            touched.append(line)
            credit = yuan(from_milli(take) * item.price)
            if credit > 0:
                ledger.credit_shortage(
                    household=line.signup.household, amount=credit, supplier=offer.supplier,
                    recorded_by=user, memo=f"{item.name}：{reason.strip()}"[:200],
                    topic=offer.topic,
                )  # fmt: skip
        SignUpLine.objects.bulk_update(touched, ["short_milli", "why"])
    return touched


def refund(*, user: User, offer: Offer, household: Household, amount: Decimal | str,
           reference: str) -> Any:  # fmt: skip
    """Pay back a household that is owed money on this offer."""
    from ledger.balances import balance_of

    _check_leader(user, offer)
    offer.refresh_from_db(fields=["status"])
    if offer.status not in (Offer.Status.CONFIRMED, Offer.Status.DELIVERED):
        raise ValidationError(_("Refunds are paid once the order has gone ahead."))
    owed = -balance_of(household, offer.topic)
    value = ledger.money(amount)
    if value > owed:
        raise ValidationError(
            _("This household is owed ¥%s on this offer, not more.") % max(owed, 0)
        )
    return ledger.pay_out(
        household=household, amount=value, holder=user, reference=reference, recorded_by=user,
        memo=offer.title, topic=offer.topic,
    )  # fmt: skip
