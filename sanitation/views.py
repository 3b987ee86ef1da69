"""Sanitation's pages: log a round in one tap, the plan, an area's log, a building's garbage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import can
from accounts.http import staff
from accounts.models import User
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from registry.models import Building, Compound
from sanitation import actions
from sanitation.access import (
    areas_for_user,
    buildings_for_user,
    find_household_in_building,
    get_area_for_user,
    get_building_for_user,
    get_compound_for_user,
    get_garbage_round_for_user,
    reports_for_user,
    require_plan,
    sanitation_compounds,
    serves_whole,
)
from sanitation.capabilities import PLAN_SANITATION
from sanitation.forms import AreaChangeForm, AreaForm, GarbageForm
from sanitation.models import Area, AreaKind, GarbageRound, OverflowReport

# Where each form's outcome is said: the part of the page the redirect lands on.
LOG, PLAN, GARBAGE, LIFT, AREA = "log", "plan", "garbage", "lift", "area"


def _compound(request: HttpRequest) -> Compound:
    return get_compound_for_user(staff(request), parse_id(request.GET.get("compound")))


def _by_due(areas: list[Area], now: datetime) -> list[dict[str, Any]]:
    """Overdue first, then what is due soonest."""
    rows = [{"area": a, "overdue": a.is_overdue(now), "due_at": a.due_at} for a in areas]
    return sorted(rows, key=lambda row: (not row["overdue"], row["due_at"]))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The phone page in a protective suit: tap an area, it is logged (the product kept)."""
    user = staff(request)
    compound = _compound(request)
    now = timezone.now()
    areas = list(
        areas_for_user(user).active().in_compound(compound).select_related("building")
        .in_plan_order()
    )  # fmt: skip
    rows = _by_due(areas, now)
    context = {
        "compound": compound,
        "compounds": sanitation_compounds(user),
        "rows": rows,
        "overdue": sum(1 for row in rows if row["overdue"]),
        "product": actions.last_product(user),
        "buildings": _building_rows(user, compound),
        "reports": [r for r in reports_for_user(user) if r.compound_id == compound.pk],
        "now": now,
    }
    return render(request, "sanitation/index.html", context)


def _building_rows(user: User, compound: Compound) -> list[dict[str, Any]]:
    buildings = buildings_for_user(user, compound)
    today = GarbageRound.objects.filter(
        building__in=[b.pk for b in buildings], collected_at__date=timezone.localdate()
    )
    done = {
        row["building"]: row
        for row in today.values("building").annotate(rounds=Count("pk"), bags=Sum("bags"))
    }
    return [{"building": b, "today": done.get(b.pk)} for b in buildings]


def _back(request: HttpRequest, default: str) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return default


@login_required
@require_POST
def log(request: HttpRequest) -> HttpResponse:
    """One tap on an area: logged now, by this person, with the product typed or kept."""
    user = staff(request)
    pk = parse_id(request.POST.get("area"))
    if pk is None:
        messages.error(request, _("Tap the area you disinfected."), extra_tags=LOG)
        return redirect(_back(request, reverse("sanitation")) + f"#{LOG}")
    area = get_area_for_user(user, pk)
    default = f"{reverse('sanitation')}?compound={area.compound_id}"
    try:
        done = actions.log_disinfection(
            user=user, area=area, product=request.POST.get("product", "")
        )
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags=LOG)
    else:
        messages.success(
            request,
            _("%(area)s: disinfected at %(time)s%(product)s.")
            % {"area": area.label, "time": f"{timezone.localtime(done.at):%H:%M}",
               "product": f" · {done.product}" if done.product else ""},
            extra_tags=LOG,
        )  # fmt: skip
    return redirect(_back(request, default) + f"#{LOG}")


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    """The compound's plan: its areas and how many times a day, and a form to add one."""
    user = staff(request)
    require_plan(user)
    compound = _compound(request)
    form = AreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        building = _building_of(form, compound)
        if form.is_valid():  # the building was found (or none was chosen)
            try:
                area = actions.add_area(
                    user=user, compound=compound, building=building,
                    kind=form.cleaned_data["kind"], name=form.cleaned_data["name"],
                    times_per_day=form.cleaned_data["times_per_day"],
                )  # fmt: skip
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("%(area)s is in the plan, %(times)s times a day.")
                    % {"area": area.label, "times": area.times_per_day},
                    extra_tags=PLAN,
                )
                return redirect(f"{reverse('sanitation_plan')}?compound={compound.pk}#{PLAN}")
    now = timezone.now()
    areas = areas_for_user(user).in_compound(compound).select_related("building").in_plan_order()
    context = {
        "compound": compound,
        "form": form,
        "areas": [{"area": a, "overdue": a.is_overdue(now)} for a in areas],
        "buildings": buildings_for_user(user, compound),
        "whole": serves_whole(user, compound),
        "kinds": AreaKind.choices,
    }
    status = 400 if form.is_bound else 200  # a POST that got here was refused
    return render(request, "sanitation/plan.html", context, status=status)


def _building_of(form: AreaForm, compound: Compound) -> Building | None:
    typed = form.cleaned_data["building"].strip()
    if not typed:
        return None
    pk = parse_id(typed)
    building = Building.objects.filter(pk=pk, compound=compound).first() if pk else None
    if building is None:
        form.add_error(
            "building",
            _("There is no such building in %(compound)s.") % {"compound": compound},
        )
    return building


@login_required
def area(request: HttpRequest, pk: int) -> HttpResponse:
    """An area's log, newest first; a planner changes its times per day or retires it."""
    user = staff(request)
    place = get_area_for_user(user, pk)
    form = AreaChangeForm(
        request.POST or None,
        initial={"name": place.name, "times_per_day": place.times_per_day, "active": place.active},
    )
    if request.method == "POST":
        require_plan(user)
        if form.is_valid():
            try:
                actions.change_area(user=user, area=place, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The plan is saved."), extra_tags=AREA)
                return redirect(reverse("sanitation_area", args=[place.pk]) + f"#{AREA}")
    context = {
        "area": place,
        "form": form,
        "may_plan": can(user, PLAN_SANITATION),
        "overdue": place.is_overdue(),
        "rounds": place.rounds.select_related("by", "household__unit__building")[:100],
        "reports": OverflowReport.objects.unresolved().filter(area=place)
        .select_related("household__unit__building", "request")[:50],
        "product": actions.last_product(user),
    }  # fmt: skip
    return render(request, "sanitation/area.html", context, status=400 if form.errors else 200)


def _building_page(
    request: HttpRequest,
    building: Building,
    *,
    garbage_form: GarbageForm | None = None,
    lift_error: str = "",
    typed_room: str = "",
    status: int = 200,
) -> HttpResponse:
    user = staff(request)
    now = timezone.now()
    areas = list(areas_for_user(user).active().for_building(building).select_related("building"))
    context = {
        "building": building,
        "rows": _by_due(areas, now),
        "garbage": GarbageRound.objects.filter(building=building).select_related(
            "by", "cleared_by"
        )[:20],
        "garbage_form": garbage_form or GarbageForm(),
        "reports": OverflowReport.objects.unresolved().filter(building=building)
        .select_related("household__unit__building", "area__building", "request"),
        "product": actions.last_product(user),
        "lift_error": lift_error,
        "typed_room": typed_room,
        "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "sanitation/building.html", context, status=status)


@login_required
def building(request: HttpRequest, pk: int) -> HttpResponse:
    """A building's areas, its garbage rounds and residents' reports, and the lift by hand."""
    return _building_page(request, get_building_for_user(staff(request), pk))


@login_required
@require_POST
def garbage(request: HttpRequest, pk: int) -> HttpResponse:
    """A door pick-up logged: bags, sealed, perhaps already cleared."""
    user = staff(request)
    place = get_building_for_user(user, pk)
    form = GarbageForm(request.POST)
    if not form.is_valid():
        return _building_page(request, place, garbage_form=form, status=400)
    data = form.cleaned_data
    at = None
    if data["at"] is not None:
        at = timezone.make_aware(datetime.combine(timezone.localdate(), data["at"]))
    try:
        done = actions.log_garbage_round(
            user=user, building=place, bags=data["bags"], sealed=data["sealed"],
            cleared=data["cleared"], at=at, note=data["note"],
        )  # fmt: skip
    except ValidationError as exc:
        form.add_error(None, exc)
        return _building_page(request, place, garbage_form=form, status=400)
    messages.success(
        request,
        _("Garbage round logged: %(bags)s bags at %(time)s.")
        % {"bags": done.bags, "time": f"{timezone.localtime(done.collected_at):%H:%M}"},
        extra_tags=GARBAGE,
    )
    return redirect(reverse("sanitation_building", args=[place.pk]) + f"#{GARBAGE}")


@login_required
@require_POST
def cleared(request: HttpRequest, pk: int) -> HttpResponse:
    """The truck took the bags out of the compound."""
    user = staff(request)
    done = get_garbage_round_for_user(user, pk)
    try:
        actions.mark_cleared(user=user, garbage_round=done)
    except Conflict as exc:
        messages.info(request, str(exc), extra_tags=GARBAGE)
    else:
        messages.success(request, _("Marked as cleared."), extra_tags=GARBAGE)
    return redirect(reverse("sanitation_building", args=[done.building_id]) + f"#{GARBAGE}")


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    """The lift disinfected after one household's ride, logged by hand."""
    user = staff(request)
    place = get_building_for_user(user, pk)
    typed = request.POST.get("room", "")[:20]
    try:
        household = find_household_in_building(place, typed)
        actions.log_lift_ride(
            building=place, household=household, user=user,
            product=request.POST.get("product", ""),
        )  # fmt: skip
    except ValidationError as exc:
        return _building_page(
            request, place, lift_error=message_of(exc), typed_room=typed, status=400
        )
    messages.success(
        request,
        _("Lift disinfected after %(household)s's ride.") % {"household": household.address},
        extra_tags=LIFT,
    )
    return redirect(reverse("sanitation_building", args=[place.pk]) + f"#{LIFT}")
