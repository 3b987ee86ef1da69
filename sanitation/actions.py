"""Every write of the sanitation app: the plan, the rounds, residents' reports.

Each is atomic; a round answers the residents' reports it settles (their help-desk requests are
closed with a reply the household reads: 事事有回音). The health app calls `log_lift_ride`
at the sampling point after each household's ride.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import AuditEntry, User, record
from helpdesk import actions as helpdesk
from helpdesk.models import OPEN, Category, Source
from lib.text import plain
from linli.errors import Conflict
from registry.models import Building, Compound, Household
from sanitation.access import require_log, require_plan, serves_area, serves_whole
from sanitation.models import (
    MAX_BAGS,
    MAX_TIMES_PER_DAY,
    PER_BUILDING,
    Area,
    AreaKind,
    DisinfectionRound,
    GarbageRound,
    OverflowReport,
    ReportKind,
)

# A lift the plan forgot, met at the sampling point: planned at the seed's "5–6 times a day".
LIFT_TIMES_PER_DAY = 6
# The replies a household reads when the round it asked for is logged (translated in _reply).
DISINFECTED = gettext_noop("%(place)s was disinfected at %(time)s. Thank you for telling us.")
COLLECTED = gettext_noop(
    "The garbage of %(place)s was collected at %(time)s. Thank you for telling us."
)
# A round logged a little ahead of the server's clock is a phone's clock, not the future.
CLOCK_SLACK = timedelta(minutes=5)


def _times(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Times per day must be a whole number."))
    if not 1 <= value <= MAX_TIMES_PER_DAY:
        raise ValidationError(
            _("Times per day must be between 1 and %(most)s.") % {"most": MAX_TIMES_PER_DAY}
        )
    return value


def _when(at: datetime | None) -> datetime:
    now = timezone.now()
    if at is None:
        return now
    if at > now + CLOCK_SLACK:
        raise ValidationError(_("That time has not come yet."))
    if at < now - timedelta(days=7):
        raise ValidationError(_("Rounds older than a week are not logged."))
    return at


# --- the plan ------------------------------------------------------------------------------


def add_area(
    *,
    user: User,
    compound: Compound,
    kind: str,
    times_per_day: int,
    building: Building | None = None,
    name: str = "",
) -> Area:
    """A new area in the compound's plan. A stairwell or a lift is a building's; an area of
    the whole compound is planned by those who serve the whole compound."""
    require_plan(user)
    if kind not in AreaKind.values:
        raise ValidationError(_("Choose what kind of area it is."))
    name = plain(name).strip()[:50]
    times = _times(times_per_day)
    if building is not None:
        if building.compound_id != compound.pk:
            raise ValidationError(_("That building is not in this compound."))
        if not user.serves(building):
            raise PermissionDenied(_("You do not serve %(building)s.") % {"building": building})
        if kind == AreaKind.LIFT and not building.has_lift:
            raise ValidationError(_("%(building)s has no lift.") % {"building": building})
    else:
        if kind in PER_BUILDING:
            raise ValidationError(_("A stairwell or a lift belongs to a building: choose one."))
        if not serves_whole(user, compound):
            raise PermissionDenied(
                _("Areas of the whole compound are planned by those who serve all of it.")
            )
    if kind == AreaKind.OTHER and not name:
        raise ValidationError(_("Name the area."))
    duplicate = Area.objects.active().filter(
        compound=compound, building=building, kind=kind, name=name
    )
    if duplicate.exists():
        raise ValidationError(_("This area is in the plan already."))
    with transaction.atomic():
        area = Area.objects.create(
            compound=compound, building=building, kind=kind, name=name, times_per_day=times
        )
        record(user=user, action=AuditEntry.Action.CREATE, obj=area,
               detail={"kind": kind, "building": building and building.pk, "name": name,
                       "times_per_day": times})  # fmt: skip
    return area


def change_area(
    *, user: User, area: Area, times_per_day: int, name: str | None = None, active: bool = True
) -> Area:
    """New times per day (or name); `active=False` takes it out of the plan, its log kept."""
    require_plan(user)
    if not serves_area(user, area):
        raise PermissionDenied(_("This area is outside your scope."))
    times = _times(times_per_day)
    name = area.name if name is None else plain(name).strip()[:50]
    if area.kind == AreaKind.OTHER and not name:
        raise ValidationError(_("Name the area."))
    before = {"times_per_day": area.times_per_day, "name": area.name, "active": area.active}
    with transaction.atomic():
        area.times_per_day, area.name, area.active = times, name, active
        area.save(update_fields=["times_per_day", "name", "active"])
        record(user=user, action=AuditEntry.Action.UPDATE, obj=area,
               detail={"before": before, "times_per_day": times, "name": name,
                       "active": active})  # fmt: skip
    return area


# --- disinfection rounds -------------------------------------------------------------------


def last_product(user: User) -> str:
    """The product this person logged last: the next round is likely the same."""
    return (
        DisinfectionRound.objects.filter(by=user).order_by("-at", "-pk")
        .values_list("product", flat=True).first()
    ) or ""  # fmt: skip


def log_disinfection(
    *,
    user: User,
    area: Area,
    product: str = "",
    at: datetime | None = None,
    household: Household | None = None,
) -> DisinfectionRound:
    """One round of an area, by `user`, now (or at `at`, within the past week)."""
    require_log(user)
    if not serves_area(user, area):
        raise PermissionDenied(_("This area is outside your scope."))
    if not area.active:
        raise ValidationError(_("%(area)s is no longer in the plan.") % {"area": area.label})
    typed_time = at is not None
    at = _when(at)
    product = plain(product).strip()[:60]
    if not typed_time and household is None:
        # A second tap on the same button, in protective gloves: one round, said so.
        earlier = DisinfectionRound.objects.filter(
            area=area, by=user, at__gte=at - timedelta(minutes=1)
        ).first()
        if earlier is not None:
            raise ValidationError(
                _("%(area)s was logged by you at %(time)s already.")
                % {"area": area.label, "time": timezone.localtime(earlier.at).strftime("%H:%M")}
            )
    with transaction.atomic():
        done = DisinfectionRound.objects.create(
            area=area, at=at, by=user, product=product, household=household
        )
        # A round entered late never moves the clock back.
        Area.objects.filter(pk=area.pk).filter(
            Q(last_round_at__isnull=True) | Q(last_round_at__lt=at)
        ).update(last_round_at=at)
        if area.last_round_at is None or area.last_round_at < at:
            area.last_round_at = at
        reports = OverflowReport.objects.filter(
            area=area, resolved_at__isnull=True, created_at__lte=at
        )
        for report in reports.select_related("request"):
            if _settle(report, disinfection_round=done):
                _reply(report, user, DISINFECTED, place=area.label, at=at)
    return done


def log_lift_ride(
    *, building: Building, household: Household, user: User, product: str = ""
) -> DisinfectionRound:
    """The lift disinfected after `household` rode it (one household per ride, sampling).

    The building's lift area is taken from the plan, or added to it at 6 times a day when the
    plan has none yet; the product defaults to the one last used on that lift.
    """
    require_log(user)
    if household.unit.building_id != building.pk:
        raise ValidationError(
            _("%(household)s is not in %(building)s.")
            % {"household": household.address, "building": building}
        )
    if not building.has_lift:
        raise ValidationError(_("%(building)s has no lift.") % {"building": building})
    if not user.serves(building):
        raise PermissionDenied(_("You do not serve %(building)s.") % {"building": building})
    with transaction.atomic():
        area = Area.objects.active().filter(building=building, kind=AreaKind.LIFT).first()
        if area is None:
            area = Area.objects.create(
                compound_id=building.compound_id, building=building, kind=AreaKind.LIFT,
                times_per_day=LIFT_TIMES_PER_DAY,
            )  # fmt: skip
            record(user=user, action=AuditEntry.Action.CREATE, obj=area,
                   detail={"kind": AreaKind.LIFT, "building": building.pk,
                           "times_per_day": LIFT_TIMES_PER_DAY, "from": "lift ride"})  # fmt: skip
        if not product.strip():
            product = (
                area.rounds.order_by("-at", "-pk").values_list("product", flat=True).first()
            ) or ""  # fmt: skip
        return log_disinfection(user=user, area=area, product=product, household=household)


# --- garbage -------------------------------------------------------------------------------


def log_garbage_round(
    *,
    user: User,
    building: Building,
    bags: int,
    sealed: bool = True,
    cleared: bool = False,
    at: datetime | None = None,
    note: str = "",
) -> GarbageRound:
    """A door pick-up in `building`: bags collected (sealed), perhaps already cleared."""
    require_log(user)
    if not user.serves(building):
        raise PermissionDenied(_("You do not serve %(building)s.") % {"building": building})
    if isinstance(bags, bool) or not isinstance(bags, int) or not 0 <= bags <= MAX_BAGS:
        raise ValidationError(
            _("The number of bags must be between 0 and %(most)s.") % {"most": MAX_BAGS}
        )
    at = _when(at)
    with transaction.atomic():
        collected = GarbageRound.objects.create(
            building=building, collected_at=at, by=user, bags=bags, sealed=sealed,
            cleared_at=timezone.now() if cleared else None, cleared_by=user if cleared else None,
            note=plain(note).strip()[:200],
        )  # fmt: skip
        reports = OverflowReport.objects.filter(
            building=building, kind=ReportKind.GARBAGE, resolved_at__isnull=True,
            created_at__lte=at,
        )  # fmt: skip
        for report in reports.select_related("request"):
            if _settle(report, garbage_round=collected):
                _reply(report, user, COLLECTED, place=str(building), at=at)
    return collected


def mark_cleared(*, user: User, garbage_round: GarbageRound) -> GarbageRound:
    """The bags were taken out of the compound."""
    require_log(user)
    if not user.serves(garbage_round.building):
        raise PermissionDenied(
            _("You do not serve %(building)s.") % {"building": garbage_round.building}
        )
    now = timezone.now()
    with transaction.atomic():
        if not GarbageRound.objects.filter(pk=garbage_round.pk, cleared_at__isnull=True).update(
            cleared_at=now, cleared_by=user
        ):
            raise Conflict(_("These bags are marked cleared already."))
        garbage_round.cleared_at, garbage_round.cleared_by = now, user
        record(user=user, action=AuditEntry.Action.UPDATE, obj=garbage_round,
               detail={"cleared": True})  # fmt: skip
    return garbage_round


# --- residents' reports --------------------------------------------------------------------


def report_overflow(
    *, household: Household, kind: str, area: Area | None = None, text: str = ""
) -> tuple[OverflowReport, bool]:
    """A household reports overflowing garbage or a dirty area: a help-desk request of
    category sanitation, linked here. (report, created): the same report still open is
    returned instead of a second one."""
    building = household.unit.building
    if kind not in ReportKind.values:
        raise ValidationError(_("Say what is wrong: garbage or an area to disinfect."))
    if kind == ReportKind.DIRTY:
        if area is None:
            raise ValidationError(_("Choose the area that needs disinfecting."))
        if area.compound_id != building.compound_id or not area.active:
            raise ValidationError(_("That area is not in your compound's plan."))
        if area.building_id not in (None, building.pk):
            raise ValidationError(_("That area is in another building."))
    else:
        area = None
    text = plain(text).strip()[:500]
    earlier = (
        OverflowReport.objects.unresolved()
        .filter(household=household, kind=kind, area=area)
        .select_related("request", "area__building", "building")
        .first()
    )
    if earlier is not None:
        return earlier, False
    place = area.label if area else str(building)
    summary = (
        _("Garbage is overflowing: %(place)s") if kind == ReportKind.GARBAGE
        else _("Needs disinfecting: %(place)s")
    ) % {"place": place}  # fmt: skip
    with transaction.atomic():
        request, _created = helpdesk.submit_request(
            household=household, category=Category.SANITATION, source=Source.LINK,
            text=f"{summary}。{text}" if text else summary, items=[],
        )  # fmt: skip
        report = OverflowReport.objects.create(
            compound_id=building.compound_id, building=building, household=household,
            kind=kind, area=area, request=request, created_at=request.created_at,
        )  # fmt: skip
    return report, True


def _settle(report: OverflowReport, **answered_by: object) -> bool:
    """Mark the report answered; False if another round answered it first."""
    return bool(
        OverflowReport.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), **answered_by
        )
    )


def _reply(report: OverflowReport, user: User, template: str, *, place: str, at: datetime) -> None:
    if report.request.status not in OPEN:
        return  # closed on the help desk already
    # The household reads it on its link, in the page's language: Chinese first.
    with translation.override(settings.LANGUAGE_CODE):
        reply = _(template) % {"place": place, "time": timezone.localtime(at).strftime("%H:%M")}
    helpdesk.close_on_delivery(request=report.request, user=user, reply=reply)
