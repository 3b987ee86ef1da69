"""Every write of the health rounds: one transaction each, audited.

Races are settled by conditional updates, so that two sampling points checking in the same
resident in the same second, or the last place in a tube, give one winner on SQLite as on
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.dateparse import parse_time
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User, record
from health.models import (
    MISSED,
    Absence,
    AntigenReport,
    Case,
    CaseEvent,
    LockdownRule,
    RosterEntry,
    SamplingPoint,
    SignOff,
    Slot,
    TestRound,
    Tube,
    rule_for,
)
from health.roster import write_roster
from helpdesk.forms import MAX_PHOTO_BYTES, photo_within_pixels
from lib.identity import normalise_phone
from linli.errors import Conflict
from registry.actions import save_resident, set_lockdown
from registry.models import (
    Building,
    Compound,
    Household,
    Resident,
    Unit,
    ZoneLevel,
    current_lockdown,
    current_lockdowns_by_unit,
)

LEVEL_ORDER = [ZoneLevel.LIFTED, ZoneLevel.PRECAUTION, ZoneLevel.CONTROLLED, ZoneLevel.SEALED]


def _require_open(round: TestRound) -> None:
    if not round.is_open:
        raise ValidationError(_("This round is closed."))


def open_round(
    *,
    user: User,
    compound: Compound,
    name: str,
    day: date,
    buildings: list[Building],
    tube_size: int,
    points: list[str],
    team: str = "",
) -> TestRound:
    """A round with its sampling points and its roster, written from the registry."""
    if not name.strip():
        raise ValidationError(_("Give the round a name."))
    if not 1 <= tube_size <= 20:
        raise ValidationError(_("A tube takes 1 to 20 residents."))
    today = timezone.localdate()
    if not today - timedelta(days=7) <= day <= today + timedelta(days=30):
        raise ValidationError(_("A round is for a day from a week ago to a month ahead."))
    names = [p.strip() for p in points if p.strip()]
    if not names:
        raise ValidationError(_("Name at least one sampling point."))
    if any(b.compound_id != compound.pk for b in buildings):
        raise ValidationError(_("Those buildings are not in this compound."))
    with transaction.atomic():
        round = TestRound.objects.create(
            compound=compound,
            name=name.strip(),
            day=day,
            tube_size=tube_size,
            team=team.strip(),
            created_by=user,
        )
        round.buildings.set(buildings)
        SamplingPoint.objects.bulk_create([SamplingPoint(round=round, name=n) for n in names])
        SamplingPoint.objects.create(round=round, name=_("Door to door"), door_to_door=True)
        count = write_roster(round)
        record(
            user=user,
            action=AuditEntry.Action.CREATE,
            obj=round,
            detail={"roster": count, "buildings": [b.pk for b in buildings]},
        )
    return round


def close_round(*, user: User, round: TestRound) -> None:
    with transaction.atomic():
        TestRound.objects.filter(pk=round.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        Tube.objects.filter(round=round, closed_at__isnull=True).update(closed_at=timezone.now())
        record(user=user, action=AuditEntry.Action.UPDATE, obj=round, detail={"closed": True})


def open_tube(*, user: User, point: SamplingPoint, code: str, close_current: bool = False) -> Tube:
    """The tube just scanned becomes the point's open tube. The one before it is closed when it
    holds swabs and `close_current` says so (a mis-scan must not end a pooled tube early), or
    forgotten when it holds none."""
    round = point.round
    _require_open(round)
    code = code.strip().upper()
    if not code:
        raise ValidationError(_("Scan or type the tube's code."))
    if len(code) > 40:
        raise ValidationError(_("A tube code has at most 40 characters."))
    earlier = Tube.objects.filter(round=round, code=code).select_related("point").first()
    if earlier is not None:
        raise ValidationError(
            _("Tube %(code)s was scanned already, at %(point)s at %(time)s: take a new tube.")
            % {
                "code": code,
                "point": earlier.point,
                "time": timezone.localtime(earlier.opened_at).strftime("%H:%M"),
            }
        )
    try:
        with transaction.atomic():
            current = Tube.objects.filter(point=point, closed_at__isnull=True).first()
            if current is not None and current.filled and not close_current:
                raise ValidationError(
                    _("Tube %(code)s holds %(filled)s of %(size)s: tick “close it” to seal it "
                      "and open %(new)s.")
                    % {"code": current.code, "filled": current.filled, "size": current.size,
                       "new": code}
                )  # fmt: skip
            if current is not None:
                if current.filled == 0:
                    current.delete()  # scanned and replaced before anyone's swab went in
                else:
                    Tube.objects.filter(pk=current.pk).update(closed_at=timezone.now())
            tube = Tube.objects.create(
                round=round, point=point, code=code, size=round.tube_size, opened_by=user
            )
    except IntegrityError:
        raise Conflict(
            _("Tube %(code)s was scanned already: take a new tube.") % {"code": code}
        ) from None
    return tube


@dataclass(frozen=True)
class CheckIn:
    entry: RosterEntry
    tube: Tube
    tube_full: bool


def check_in(*, user: User, entry: RosterEntry, point: SamplingPoint) -> CheckIn:
    """The resident's swab goes into the point's open tube; a full tube closes itself."""
    round = point.round
    _require_open(round)
    if entry.round_id != round.pk:
        raise ValidationError(
            _("%(name)s is not on this round's roster.") % {"name": entry.resident.name}
        )
    if entry.state == RosterEntry.State.EXCLUDED:
        raise ValidationError(
            _("%(name)s is not to be tested (%(reason)s): remove the reason on the roster first.")
            % {"name": entry.resident.name, "reason": entry.reason}
        )
    if entry.tube_id is not None:  # said before anything else: it is what the sampler must know
        raise Conflict(already_checked_in(entry))
    now = timezone.now()
    with transaction.atomic():
        tube = Tube.objects.filter(point=point, closed_at__isnull=True).first()
        if tube is None:
            raise ValidationError(
                _("No open tube at %(point)s: scan a new tube first.") % {"point": point}
            )
        won = RosterEntry.objects.filter(pk=entry.pk, state__in=MISSED, tube__isnull=True).update(
            state=RosterEntry.State.TESTED,
            tube=tube,
            checked_in_at=now,
            checked_in_by=user,
            reason="",
        )
        if not won:
            raise Conflict(already_checked_in(entry))
        # The place in the tube is taken by a conditional update too: never an eleventh swab.
        placed = Tube.objects.filter(
            pk=tube.pk, closed_at__isnull=True, filled__lt=F("size")
        ).update(filled=F("filled") + 1)
        if not placed:
            raise Conflict(_("Tube %(code)s is full: scan a new tube.") % {"code": tube.code})
        tube.refresh_from_db(fields=["filled"])
        full = tube.filled >= tube.size
        if full:
            Tube.objects.filter(pk=tube.pk).update(closed_at=now)
            tube.closed_at = now
    # What the conditional update wrote, without reading the row again.
    entry.state, entry.tube, entry.checked_in_at, entry.checked_in_by = (
        RosterEntry.State.TESTED, tube, now, user,
    )  # fmt: skip
    entry.reason = ""
    return CheckIn(entry=entry, tube=tube, tube_full=full)


def already_checked_in(entry: RosterEntry) -> str:
    done = RosterEntry.objects.select_related("tube__point", "resident").get(pk=entry.pk)
    if done.tube is None:
        return _("%(name)s was changed by someone else: look again.") % {"name": done.resident.name}
    return _("%(name)s was checked in already, at %(time)s at %(point)s (tube %(code)s).") % {
        "name": done.resident.name,
        "time": timezone.localtime(done.checked_in_at).strftime("%H:%M:%S")
        if done.checked_in_at
        else "",
        "point": done.tube.point,
        "code": done.tube.code,
    }


def undo_check_in(*, user: User, entry: RosterEntry) -> None:
    """A check-in made by mistake, while its tube is still open."""
    with transaction.atomic():
        tube = entry.tube
        if tube is None or tube.closed_at is not None:
            raise ValidationError(_("Only a check-in into a tube still open can be undone."))
        undone = RosterEntry.objects.filter(pk=entry.pk, tube=tube).update(
            state=RosterEntry.State.EXPECTED, tube=None, checked_in_at=None, checked_in_by=None
        )
        if undone:
            Tube.objects.filter(pk=tube.pk).update(filled=F("filled") - 1)
            record(
                user=user, action=AuditEntry.Action.UPDATE, obj=entry, detail={"undone": tube.code}
            )


def mark_missed(*, user: User, entry: RosterEntry, state: str, reason: str) -> None:
    """Refused or unreachable, with the reason kept; or back to expected."""
    if state not in MISSED:
        raise ValidationError(_("Choose refused, unreachable or not yet tested."))
    if state != RosterEntry.State.EXPECTED and not reason.strip():
        raise ValidationError(_("Say why: the next shift reads it."))
    changed = RosterEntry.objects.filter(pk=entry.pk, state__in=MISSED).update(
        state=state, reason=reason.strip()[:200]
    )
    if not changed:
        raise Conflict(already_checked_in(entry))
    record(user=user, action=AuditEntry.Action.UPDATE, obj=entry, detail={"state": state})


def record_absence(*, user: User, entry: RosterEntry, kind: str, note: str = "") -> Absence:
    """Away, in hospital or exempt: kept on the resident for later rounds, and this round's
    entry leaves the count with the reason."""
    if kind not in Absence.Kind.values:
        raise ValidationError(_("Choose away, in hospital or exempt."))
    with transaction.atomic():
        changed = RosterEntry.objects.filter(pk=entry.pk, state__in=MISSED).update(
            state=RosterEntry.State.EXCLUDED,
            reason=(
                f"{Absence.Kind(kind).label}：{note.strip()}"
                if note.strip()
                else str(Absence.Kind(kind).label)
            )[:200],
            door_to_door=False,
        )
        if not changed:
            raise Conflict(already_checked_in(entry))
        absence = Absence.objects.create(
            resident_id=entry.resident_id,
            kind=kind,
            note=note.strip()[:200],
            since=entry.round.day,
            recorded_by=user,
        )
        record(
            user=user,
            action=AuditEntry.Action.CREATE,
            obj=absence,
            detail={"kind": kind, "round": entry.round_id},
        )
    return absence


def add_slot(
    *,
    user: User,
    round: TestRound,
    building_id: int | None,
    starts: str,
    ends: str,
    point_id: int | None = None,
) -> Slot:
    """When a building comes down to a point, so that people do not crowd."""
    _require_open(round)
    building = Building.objects.filter(pk=building_id or 0, compound=round.compound).first()
    if building is None:
        raise ValidationError(_("Choose a building of this compound."))
    try:
        start, end = parse_time(starts.strip()), parse_time(ends.strip())
    except ValueError:  # 25:00: well formed, but no time
        start = end = None
    if start is None or end is None:
        raise ValidationError(_("Give the times as 08:00 and 08:30."))
    if end <= start:
        raise ValidationError(_("The slot must end after it starts."))
    point = (
        SamplingPoint.objects.filter(pk=point_id or 0, round=round).first() if point_id else None
    )
    slot = Slot.objects.create(round=round, building=building, starts=start, ends=end, point=point)
    record(user=user, action=AuditEntry.Action.CREATE, obj=slot, detail={"building": building.pk})
    return slot


def add_on_the_day(
    *,
    user: User,
    round: TestRound,
    household: Household,
    name: str,
    phone: str = "",
    note: str = "",
) -> RosterEntry:
    """Someone not in the registry (a visitor stuck in the compound): into both, at once."""
    _require_open(round)
    name = name.strip()
    if not name:
        raise ValidationError(_("Write the person's name."))
    if len(name) > 50:
        raise ValidationError(_("A name has at most 50 characters."))
    if phone.strip() and normalise_phone(phone) is None:
        raise ValidationError(_("%(phone)s is not a phone number.") % {"phone": phone.strip()[:20]})
    if Resident.objects.filter(household=household, name=name).exists():
        raise ValidationError(
            _("%(name)s lives in %(address)s already: find them by name at the point.")
            % {"name": name, "address": household.address}
        )
    building = household.unit.building
    if building.compound_id != round.compound_id:
        raise ValidationError(_("That household is not in this round's compound."))
    chosen = set(round.buildings.values_list("pk", flat=True))
    if chosen and building.pk not in chosen:
        raise ValidationError(_("That building is not in this round."))
    with transaction.atomic():
        resident = save_resident(
            user=user,
            household=household,
            resident=None,
            values={
                "name": name,
                "phone": normalise_phone(phone) or "",
                "notes": note.strip() or _("added on the day of %(round)s") % {"round": round},
            },
        )
        return RosterEntry.objects.create(
            round=round,
            resident=resident,
            household=household,
            building=building,
            unit=household.unit,
            added_on_the_day=True,
        )


def report_tube(
    *, user: User, tube: Tube, result: str, raise_lockdown: bool = False
) -> list[Household]:
    """A tube's result. Abnormal: its residents are to be retested and isolated, and their units
    can be sealed in the same step. The households concerned are returned."""
    if result not in Tube.Result.values or result == Tube.Result.PENDING:
        raise ValidationError(_("Choose negative or abnormal."))
    with transaction.atomic():
        Tube.objects.filter(pk=tube.pk).update(result=result, result_at=timezone.now())
        entries = RosterEntry.objects.filter(Q(tube=tube) | Q(abnormal_tube=tube))
        households = list(
            Household.objects.filter(pk__in=entries.values("household_id"))
            .select_related("unit__building")
            .order_by("unit__building__number", "room")
        )
        if result == Tube.Result.ABNORMAL:
            # Each of them to be tested again in this round, at the door: they isolate now.
            RosterEntry.objects.filter(tube=tube).update(
                retest=True, abnormal_tube=tube, tube=None, state=RosterEntry.State.EXPECTED,
                checked_in_at=None, checked_in_by=None, door_to_door=True,
            )  # fmt: skip
        else:  # a result corrected back to negative
            RosterEntry.objects.filter(abnormal_tube=tube, tube__isnull=True).update(
                retest=False, abnormal_tube=None, tube=tube, state=RosterEntry.State.TESTED
            )
            RosterEntry.objects.filter(abnormal_tube=tube).update(retest=False)
        record(
            user=user,
            action=AuditEntry.Action.UPDATE,
            obj=tube,
            detail={"result": result, "households": [h.pk for h in households]},
        )
        if result == Tube.Result.ABNORMAL and raise_lockdown:
            note = _("tube %(code)s abnormal, %(round)s") % {"code": tube.code, "round": tube.round}
            for unit in {h.unit for h in households}:
                raise_unit(user=user, unit=unit, level=ZoneLevel.SEALED, note=note)
    return households


def raise_unit(
    *, user: User | None, unit: Unit, level: str, note: str, planned_end: date | None = None
) -> bool:
    """Raise a unit's lockdown state, never lower it; False when it was as high already."""
    building = unit.building
    current = current_lockdown(building.compound, building, unit)
    if current is not None and LEVEL_ORDER.index(ZoneLevel(current.level)) >= LEVEL_ORDER.index(
        ZoneLevel(level)
    ):
        return False
    set_lockdown(
        user=user,
        compound=building.compound,
        building=building,
        unit=unit,
        level=level,
        note=note[:200],
        planned_end=planned_end,
        actor="" if user else _("%(rule)s rule") % {"rule": rule_for(building.compound)},
    )
    return True


# --- Antigen reports ---------------------------------------------------------------------


def _check_photo(photo: UploadedFile) -> None:
    """The help desk's rules for a photo: an image Pillow can read, within its bytes and pixels."""
    if photo.size and photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    try:
        checked = forms.ImageField().to_python(photo)
    except forms.ValidationError:
        raise ValidationError(
            _("That file is not a photo: take a picture of the cassette.")
        ) from None
    photo_within_pixels(checked)
    photo.seek(0)


def report_antigen(
    *,
    household: Household,
    resident_id: int,
    result: str,
    by: User | None = None,
    photo: UploadedFile | None = None,
    day: date | None = None,
) -> tuple[AntigenReport, Case | None]:
    """A resident's result for the day; a second report the same day replaces the first.

    A positive result opens a case (with its urgent request and lockdown change) at once.
    """
    if result not in AntigenReport.Result.values:
        raise ValidationError(_("Choose negative, positive or invalid."))
    resident = Resident.objects.filter(pk=resident_id, household=household).first()
    if resident is None:
        raise ValidationError(_("That person is not in this household."))
    if photo is not None:
        _check_photo(photo)
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError(_("A result is for today or an earlier day."))
    earlier = AntigenReport.objects.filter(resident=resident, day=day).first()
    if (
        earlier
        and earlier.result == AntigenReport.Result.POSITIVE
        and result != earlier.result
        and by is None
    ):
        raise ValidationError(
            _("%(name)s's positive result stays: if it was a mistake, call your building leader.")
            % {"name": resident.name}
        )
    building = household.unit.building
    with transaction.atomic():
        report, _created = AntigenReport.objects.update_or_create(
            resident=resident,
            day=day,
            defaults={
                "household": household,
                "building": building,
                "result": result,
                "reported_by": by,
                "reported_at": timezone.now(),
            },
        )
        if photo is not None:
            report.photo.save(photo.name or "antigen.jpg", photo, save=True)
        record(
            user=by,
            actor="" if by else _("household link"),
            action=AuditEntry.Action.CREATE,
            obj=report,
            detail={"result": result, "resident": resident.pk},
        )
        case = None
        if result == AntigenReport.Result.POSITIVE:
            case = open_case(resident=resident, source=Case.Source.ANTIGEN, by=by, on=day)
    return report, case


def sign_off(
    *, user: User, building: Building, day: date, reported: int, expected: int, note: str = ""
) -> SignOff:
    if day > timezone.localdate():
        raise ValidationError(_("A day is signed off on the day or after it."))
    try:
        with transaction.atomic():
            done = SignOff.objects.create(
                building=building,
                day=day,
                by=user,
                reported=reported,
                expected=expected,
                note=note.strip()[:200],
            )
            record(
                user=user,
                action=AuditEntry.Action.CREATE,
                obj=done,
                detail={"reported": reported, "expected": expected},
            )
    except IntegrityError:
        earlier = SignOff.objects.select_related("by").get(building=building, day=day)
        raise Conflict(
            _("%(who)s signed this day off already at %(time)s.")
            % {"who": earlier.by.name, "time": timezone.localtime(earlier.at).strftime("%H:%M")}
        ) from None
    return done


# --- Cases and the lockdown that follows them ------------------------------------------


def open_case(*, resident: Resident, source: str, by: User | None, on: date | None = None) -> Case:
    """A case for a positive resident: an urgent help-desk request for the household, and the
    unit sealed by the compound's rule. A resident with an active case gets no second one."""
    from helpdesk.actions import submit_request
    from helpdesk.models import Category, Source, Urgency

    household = resident.household
    unit = household.unit
    building = unit.building
    compound = building.compound
    existing = Case.objects.active().filter(resident=resident).first()
    if existing is not None:
        return existing
    on = on or timezone.localdate()
    rule = rule_for(compound)
    with transaction.atomic():
        request, _created = submit_request(
            household=household,
            category=Category.MEDICAL,
            urgency=Urgency.URGENT,
            source=Source.VOLUNTEER if by else Source.LINK,
            by=by,
            text=_(
                "Positive %(source)s: %(name)s. Isolate the household, arrange medicine, "
                "transfer and door-to-door delivery."
            )
            % {"source": Case.Source(source).label, "name": resident.name},
        )
        case = Case.objects.create(
            compound=compound,
            resident=resident,
            household=household,
            building=building,
            source=source,
            positive_on=on,
            request=request,
        )
        CaseEvent.objects.create(
            case=case, status=case.status, by=by, note=str(Case.Source(source).label)
        )
        record(
            user=by,
            actor="" if by else _("household link"),
            action=AuditEntry.Action.CREATE,
            obj=case,
            detail={"source": source, "household": household.pk},
        )
        raise_unit(
            user=by,
            unit=unit,
            level=ZoneLevel.SEALED,
            planned_end=case.step_down_on(rule),
            note=_("%(rule)s rule: a case in %(room)s")
            % {"rule": str(rule), "room": household.room},
        )
    return case


def set_case_status(*, user: User, case: Case, status: str, note: str = "") -> Case:
    if status not in Case.Status.values:
        raise ValidationError(_("Choose a status."))
    if status == Case.Status.RELEASED and not note.strip():
        raise ValidationError(_("Say why the case is released (a negative test, the days done)."))
    with transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=status, changed_at=timezone.now())
        CaseEvent.objects.create(case=case, status=status, by=user, note=note.strip()[:200])
        record(user=user, action=AuditEntry.Action.UPDATE, obj=case, detail={"status": status})
    case.refresh_from_db()
    return case


def set_rule(*, user: User, compound: Compound, sealed_days: int, home_days: int) -> LockdownRule:
    if not (1 <= sealed_days <= 60 and 0 <= home_days <= 60):
        raise ValidationError(_("Days sealed are 1 to 60, days at home 0 to 60."))
    with transaction.atomic():
        rule, _created = LockdownRule.objects.update_or_create(
            compound=compound, defaults={"sealed_days": sealed_days, "home_days": home_days}
        )
        record(
            user=user,
            action=AuditEntry.Action.UPDATE,
            obj=rule,
            detail={"sealed_days": sealed_days, "home_days": home_days},
        )
    return rule


@dataclass(frozen=True)
class Step:
    """A change the rule calls for: this unit, from its state now to the one the rule says."""

    unit: Unit
    now: str | None
    to: str
    until: date | None
    because: Case

    @property
    def now_label(self) -> str:
        return str(ZoneLevel(self.now).label) if self.now else "—"

    @property
    def to_label(self) -> str:
        return str(ZoneLevel(self.to).label)


def steps_due(compound: Compound, today: date | None = None) -> list[Step]:
    """For each unit with a case: what the compound's rule says its state should be today, where
    that differs from the state in force (sealed → at home → lifted)."""
    today = today or timezone.localdate()
    rule = rule_for(compound)
    latest: dict[int, Case] = {}
    for case in (
        Case.objects.filter(compound=compound)
        .select_related("household__unit__building")
        .order_by("positive_on")
    ):
        latest[case.household.unit_id] = case  # the latest case decides
    in_force = current_lockdowns_by_unit(compound)
    steps = []
    for case in latest.values():
        unit = case.household.unit
        if today < case.step_down_on(rule):
            to, until = ZoneLevel.SEALED, case.step_down_on(rule)
        elif today < case.release_on(rule):
            to, until = ZoneLevel.CONTROLLED, case.release_on(rule)
        else:
            to, until = ZoneLevel.LIFTED, None
        current = in_force.get(unit.pk)
        if current is None or current.level != to:
            steps.append(
                Step(
                    unit=unit,
                    now=current.level if current else None,
                    to=to,
                    until=until,
                    because=case,
                )
            )
    return steps


def apply_steps(*, user: User, compound: Compound, steps: list[Step]) -> int:
    rule = rule_for(compound)
    with transaction.atomic():
        for step in steps:
            if step.unit.building.compound_id != compound.pk:
                raise PermissionDenied(_("That unit is not in this compound."))
            set_lockdown(
                user=user,
                compound=compound,
                building=step.unit.building,
                unit=step.unit,
                level=step.to,
                planned_end=step.until,
                note=_("%(rule)s rule: case of %(day)s")
                % {"rule": str(rule), "day": step.because.positive_on},
            )
    return len(steps)
