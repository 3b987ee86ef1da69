"""Supply packs (保供物资): handed out from the registry by its rules, each pack once.

The rule is in the database: a unique row per recipient, period and number, so that two
volunteers ticking the same household at the same second hand out one pack, and the second
is told who was first. Only a leader's extra pack, with its reason, goes past the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.capabilities import require
from accounts.models import AuditEntry, User, record
from linli.errors import Conflict
from logistics.capabilities import GIVE_EXTRA_PACK, OPEN_DISTRIBUTION, RECEIVE_GOODS
from logistics.models import Distribution, Handout, Per
from registry.models import Compound, Household, Resident, Unit


def open_distribution(
    *, user: User, compound: Compound, name: str, per: str, per_period: int = 1,
    period_days: int | None = None, residents_only: bool = True,
) -> Distribution:  # fmt: skip
    require(user, OPEN_DISTRIBUTION, _("Only leaders open a distribution."))
    if not name.strip():
        raise ValidationError(_("Give the distribution a name."))
    if per not in Per.values:
        raise ValidationError(_("Choose one per household or one per resident."))
    if not 1 <= per_period <= 20:
        raise ValidationError(_("At most 1 to 20 at a time."))
    with transaction.atomic():
        distribution = Distribution.objects.create(
            compound=compound, name=name.strip()[:100], per=per, per_period=per_period,
            period_days=period_days or None, residents_only=residents_only, created_by=user,
        )  # fmt: skip
        record(user=user, action=AuditEntry.Action.CREATE, obj=distribution,
               detail={"name": distribution.name, "per": per})  # fmt: skip
    return distribution


def recipient_key(household: Household, resident: Resident | None) -> str:
    return f"r{resident.pk}" if resident else f"h{household.pk}"


def hand_out(
    *, user: User, distribution: Distribution, household: Household,
    resident: Resident | None = None, to_proxy: bool = False, override_reason: str = "",
) -> Handout:  # fmt: skip
    require(user, RECEIVE_GOODS, _("You do not hand out supplies."))
    if not user.serves(household.unit.building):
        raise PermissionDenied(_("That household is outside your scope."))
    if household.unit.building.compound_id != distribution.compound_id:
        raise ValidationError(_("That household is not in this compound."))
    if not distribution.open:
        raise ValidationError(_("This distribution is closed."))
    if distribution.per == Per.RESIDENT:
        if resident is None or resident.household_id != household.pk:
            raise ValidationError(_("Choose the resident the pack is for."))
    else:
        resident = None
    reason = override_reason.strip()[:200]
    if reason:
        require(user, GIVE_EXTRA_PACK, _("Only a leader gives an extra pack."))
    elif distribution.residents_only and household.status != Household.Status.OCCUPIED:
        raise ValidationError(
            _("This household is recorded as %(status)s: no pack without a leader's reason.")
            % {"status": household.get_status_display()}
        )
    key = recipient_key(household, resident)
    period = distribution.period_of(timezone.localdate())
    fields: dict[str, Any] = {
        "distribution": distribution, "household": household, "resident": resident,
        "recipient": key, "period": period, "by": user, "to_proxy": to_proxy,
    }  # fmt: skip
    with transaction.atomic():
        made = (
            Handout.objects.create(**fields, override_reason=reason, number=0)
            if reason
            else _first_free(fields, distribution.per_period)
        )
        if made is None:
            raise Conflict(_already(distribution, key, period))
        handout = made
        record(user=user, action=AuditEntry.Action.CREATE, obj=handout,
               detail={"recipient": key, "period": period, "override": reason})  # fmt: skip
    return handout


def _first_free(fields: dict[str, Any], per_period: int) -> Handout | None:
    for number in range(1, per_period + 1):
        try:
            with transaction.atomic():
                return Handout.objects.create(**fields, number=number)
        except IntegrityError:
            continue
    return None


def _already(distribution: Distribution, key: str, period: int) -> str:
    last = (
        Handout.objects.filter(distribution=distribution, recipient=key, period=period)
        .select_related("by")
        .order_by("-at")
        .first()
    )
    if last is None:
        return _("Already handed out.")
    return _(
        "Already handed out: by %(who)s at %(time)s. A second pack needs a leader's reason."
    ) % {
        "who": last.by.name if last.by else "–",
        "time": f"{timezone.localtime(last.at):%m-%d %H:%M}",
    }


@dataclass
class UnitTally:
    unit: Unit
    households: int
    served: int

    @property
    def waiting(self) -> int:
        return self.households - self.served


def served_now(distribution: Distribution) -> QuerySet[Handout]:
    period = distribution.period_of(timezone.localdate())
    return Handout.objects.filter(distribution=distribution, period=period)


def households_for(user: User, distribution: Distribution) -> QuerySet[Household]:
    households = Household.objects.filter(
        unit__building__in=user.visible_buildings(),
        unit__building__compound=distribution.compound,
    )
    if distribution.residents_only:
        households = households.filter(status=Household.Status.OCCUPIED)
    return households


def with_service(households: QuerySet[Household], distribution: Distribution) -> Any:
    """The households, each with `served`: whether it had its pack in this period."""
    served = served_now(distribution).filter(household=OuterRef("pk"))
    return households.annotate(served=Exists(served))


def not_served(households: QuerySet[Household], distribution: Distribution) -> Any:
    return with_service(households, distribution).filter(served=False)


def tally_by_unit(user: User, distribution: Distribution) -> list[UnitTally]:
    """Per unit in the person's buildings: households, and how many got their pack."""
    households = with_service(households_for(user, distribution), distribution)
    rows = (
        households.values("unit")
        .annotate(total=Count("pk"), served_count=Count("pk", filter=Q(served=True)))
        .order_by()
    )
    counts = {row["unit"]: (row["total"], row["served_count"]) for row in rows}
    units = (
        Unit.objects.filter(pk__in=counts)
        .select_related("building")
        .order_by("building__number", "number")
    )
    return [UnitTally(unit, *counts[unit.pk]) for unit in units]
