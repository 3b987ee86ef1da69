"""Test rounds: plan one, watch it fill, chase the missed, act on an abnormal tube."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import REVEAL_CONTACT, can, require
from accounts.http import staff
from health import actions, board, outputs
from health.access import (
    cases_for_user,
    get_entry_for_user,
    get_round_for_user,
    get_tube_for_user,
    rounds_for_user,
    within,
)
from health.capabilities import CHASE_MISSED, CHECK_IN, PLAN_ROUNDS
from health.models import Absence, RosterEntry, Tube
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from logistics.addressing import find_recipient
from registry.access import get_building_for_user, visible_compounds

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = 100  # a building leader's screenful; the printed list has everyone


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(user, CHECK_IN, _("Test rounds are for the sampling team, the leaders and the office."))
    rounds = rounds_for_user(user).select_related("compound")[:30]
    active_cases = cases_for_user(user).active().count()
    return render(request, "health/index.html", {"rounds": rounds, "active_cases": active_cases})


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(
        user,
        PLAN_ROUNDS,
        _(
            "Test rounds are planned by the office, "
            "the working-group leaders and the medical adviser."
        ),
    )
    compounds = visible_compounds(user)
    today = timezone.localdate()
    values = {
        "name": _("Test round of %(day)s") % {"day": today.strftime("%m-%d")},
        "day": today.isoformat(),
        "tube_size": "10",
        "points": _("Sampling point 1"),
        "team": "",
    }
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        compound = next(
            (c for c in compounds if str(c.pk) == request.POST.get("compound")),
            compounds[0] if compounds else None,
        )
        try:
            if compound is None:
                raise ValidationError(_("You serve no compound."))
            try:
                day = parse_date(values["day"])
            except ValueError:  # 2026-02-30: well formed, but no day
                day = None
            if day is None:
                raise ValidationError(_("Give the day as 2022-04-18."))
            try:
                size = int(values["tube_size"])
            except ValueError:
                raise ValidationError(_("A tube takes 1 to 20 residents.")) from None
            chosen = {parse_id(v) for v in request.POST.getlist("buildings")}
            buildings = [b for b in compound.buildings.all() if b.pk in chosen]
            if chosen and len(buildings) != len(chosen):
                raise ValidationError(_("Those buildings are not in this compound."))
            round = actions.open_round(
                user=user,
                compound=compound,
                name=values["name"],
                day=day,
                buildings=buildings,
                tube_size=size,
                points=values["points"].splitlines(),
                team=values["team"],
            )
        except ValidationError as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(
                request,
                _("The round is open: %(n)s residents on its roster.")
                % {"n": round.entries.exclude(state=RosterEntry.State.EXCLUDED).count()},
            )
            return redirect("health_round", pk=round.pk)
    choices = [(c, board.sorted_buildings(c)) for c in compounds]
    return render(
        request,
        "health/round_new.html",
        {"compounds": compounds, "choices": choices, "values": values},
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    round = get_round_for_user(user, pk)
    scope = within(user)
    total, buildings = board.tallies(round, scope)
    retests = list(board.retests(round, scope)[:50])
    context = {
        "round": round,
        "total": total,
        "buildings": buildings,
        "retests": retests,
        "points": round.points.all(),
        "slots": round.slots.select_related("building", "unit", "point"),
        "may_plan": can(user, PLAN_ROUNDS),
        "may_check_in": can(user, CHECK_IN),
        "round_buildings": list(round.buildings.all()) or board.sorted_buildings(round.compound),
        "phones": _phones_shown(user),
    }
    return render(request, "health/round.html", context)


def _phones_shown(user: object) -> bool:
    return can(user, REVEAL_CONTACT)


@login_required
def missed(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    round = get_round_for_user(user, pk)
    entries = board.missed(round, within(user))
    building = parse_id(request.GET.get("building"))
    if building:
        get_building_for_user(user, building)  # another's building: a 404, not "nobody missed"
        entries = entries.filter(building_id=building)
    page = Paginator(entries, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "health/missed.html",
        {
            "round": round,
            "page": page,
            "entries": board.stair_order(list(page.object_list)),
            "phones": _phones_shown(user),
            "may_chase": can(user, CHASE_MISSED),
            "states": [RosterEntry.State.REFUSED, RosterEntry.State.UNREACHABLE],
            "absences": Absence.Kind.choices,
            "building": building,
        },
    )


@login_required
def missed_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    round = get_round_for_user(user, pk)
    entries = board.missed(round, within(user))
    building = parse_id(request.GET.get("building"))
    if building:
        entries = entries.filter(building_id=building)
    body = outputs.missed_pdf(round, list(entries), phones=_phones_shown(user), by=user)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="missed-{round.pk}.pdf"'
    return response


@login_required
def door(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    round = get_round_for_user(user, pk)
    entries = board.stair_order(list(board.door_to_door(round, within(user))[:1000]))
    point = round.points.filter(door_to_door=True).first()
    may_check_in = can(user, CHECK_IN)
    return render(
        request,
        "health/door.html",
        {
            "round": round,
            "entries": entries,
            "point": point if may_check_in else None,
            "tube": Tube.objects.filter(point=point, closed_at__isnull=True).first()
            if point
            else None,
            "may_check_in": may_check_in,
            "phones": _phones_shown(user),
            "may_chase": can(user, CHASE_MISSED),
            "absences": Absence.Kind.choices,
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    """Refused or unreachable with the reason; or not to be tested (away, in hospital, exempt)."""
    user = staff(request)
    require(user, CHASE_MISSED, _("Building leaders and the office chase the missed."))
    round = get_round_for_user(user, pk)
    found = get_entry_for_user(user, round, entry)
    state = request.POST.get("state", "")
    reason = request.POST.get("reason", "")
    try:
        if state in Absence.Kind.values:
            actions.record_absence(user=user, entry=found, kind=state, note=reason)
        else:
            actions.mark_missed(user=user, entry=found, state=state, reason=reason)
    except (ValidationError, Conflict) as exc:
        messages.error(
            request, f"{found.resident.name}: {message_of(exc)}", extra_tags=f"e{found.pk}"
        )
    else:
        messages.success(
            request, _("%(name)s: kept.") % {"name": found.resident.name}, extra_tags=f"e{found.pk}"
        )
    page = "health_door" if request.POST.get("back") == "door" else "health_missed"
    return redirect(reverse(page, args=[round.pk]) + f"#e{found.pk}")


@login_required
def tubes(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    round = get_round_for_user(user, pk)
    listed = round.tubes.select_related("point").order_by("-opened_at")
    code = request.GET.get("code", "").strip().upper()
    if code:
        listed = listed.filter(code__contains=code)
    return render(
        request,
        "health/tubes.html",
        {"round": round, "tubes": listed[:300], "code": code, "may_plan": can(user, PLAN_ROUNDS)},
    )


@login_required
@require_POST
def tube_result(request: HttpRequest, pk: int, tube: int) -> HttpResponse:
    user = staff(request)
    require(
        user,
        PLAN_ROUNDS,
        _(
            "Tube results are reported by the office, "
            "the working-group leaders and the medical adviser."
        ),
    )
    round = get_round_for_user(user, pk)
    found = get_tube_for_user(user, round, tube)
    result = request.POST.get("result", "")
    try:
        households = actions.report_tube(
            user=user, tube=found, result=result, raise_lockdown=request.POST.get("seal") == "1"
        )
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags="tubes")
        return redirect(reverse("health_tubes", args=[round.pk]) + "#tubes")
    if result == Tube.Result.ABNORMAL:
        said = _(
            "Tube %(code)s is abnormal: %(n)s households to retest and isolate, shown first."
        ) % {"code": found.code, "n": len(households)}
        if request.POST.get("seal") == "1":
            said += " " + _("Their units are sealed (see each unit's history).")
        messages.warning(request, said, extra_tags="retests")
        return redirect(reverse("health_round", args=[round.pk]) + "#retests")
    messages.success(
        request, _("Tube %(code)s: negative.") % {"code": found.code}, extra_tags="tubes"
    )
    return redirect(reverse("health_tubes", args=[round.pk]) + "#tubes")


@login_required
def add_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone stuck in the compound who is not in the registry: onto the roster and into it."""
    user = staff(request)
    require(user, CHECK_IN, _("Only the sampling team adds people on the day."))
    round = get_round_for_user(user, pk)
    values = {k: request.POST.get(k, "") for k in ("room", "name", "phone", "note")}
    if request.method == "POST":
        recipient = find_recipient(round.compound, values["room"], where=values["room"])
        try:
            if recipient.household is None or not user.serves(recipient.household.unit.building):
                raise ValidationError(
                    _("No household at “%(room)s” in your buildings: write it as 3-2-501.")
                    % {"room": values["room"]}
                )
            entry = actions.add_on_the_day(
                user=user,
                round=round,
                household=recipient.household,
                name=values["name"],
                phone=values["phone"],
                note=values["note"],
            )
        except ValidationError as exc:
            messages.error(request, message_of(exc))
        else:
            messages.success(
                request,
                _("%(name)s is on the roster of %(round)s, in %(address)s.")
                % {"name": entry.resident.name, "round": round, "address": entry.household.address},
            )
            point = round.points.filter(door_to_door=False).first()
            if point is not None:
                url = reverse("health_point", args=[round.pk, point.pk])
                return redirect(f"{url}?{urlencode({'q': entry.household.address})}#scan")
            return redirect("health_round", pk=round.pk)
    return render(request, "health/add_person.html", {"round": round, "values": values})


@login_required
@require_POST
def add_slot(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(
        user,
        PLAN_ROUNDS,
        _(
            "Test rounds are planned by the office, "
            "the working-group leaders and the medical adviser."
        ),
    )
    round = get_round_for_user(user, pk)
    try:
        actions.add_slot(
            user=user,
            round=round,
            building_id=parse_id(request.POST.get("building", "0") or "0"),
            starts=request.POST.get("starts", ""),
            ends=request.POST.get("ends", ""),
            point_id=parse_id(request.POST.get("point", "0") or "0"),
        )
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags="slots")
    else:
        messages.success(request, _("Slot added."), extra_tags="slots")
    return redirect(reverse("health_round", args=[round.pk]) + "#slots")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(
        user,
        PLAN_ROUNDS,
        _("A round is closed by the office, the working-group leaders and the medical adviser."),
    )
    round = get_round_for_user(user, pk)
    actions.close_round(user=user, round=round)
    messages.success(request, _("The round is closed; its missed list stays."))
    return redirect("health_round", pk=round.pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(user, CHASE_MISSED, _("Your role may not export a round."))
    round = get_round_for_user(user, pk)
    body = outputs.round_xlsx(round, within(user), by=user)
    response = HttpResponse(body, content_type=XLSX)
    day: date = round.day
    response["Content-Disposition"] = f'attachment; filename="round-{round.pk}-{day:%Y%m%d}.xlsx"'
    return response
