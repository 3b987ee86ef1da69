"""The sampling point on a phone: scan the tube, then scan or find each resident, in a second.

One box takes whatever the scanner or the thumb types: a resident's code checks in at once; a
household's link, a room or a name lists the candidates, each a tap from checked in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import require
from accounts.http import staff
from accounts.models import User
from health import actions
from health.access import get_entry_for_sampler, get_point_for_user, get_round_for_user
from health.capabilities import CHECK_IN
from health.lookup import SHOWN, find_entries, resident_from_code
from health.models import RosterEntry, SamplingPoint, TestRound, Tube
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from sanitation.actions import log_lift_ride

RECENT = 12


def _point(user: User, pk: int, point: int) -> tuple[TestRound, SamplingPoint]:
    require(user, CHECK_IN, _("Only the sampling team checks residents in."))
    round = get_round_for_user(user, pk)
    return round, get_point_for_user(user, round, point)


def _page(round: TestRound, point: SamplingPoint, query: str = "") -> str:
    url = reverse("health_point", args=[round.pk, point.pk])
    return f"{url}?{urlencode({'q': query})}#scan" if query else f"{url}#scan"


@login_required
def point(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    user = staff(request)
    round, found = _point(user, pk, point)
    query = request.GET.get("q", "").strip()
    candidates = list(find_entries(round, query)) if query else []
    tube = Tube.objects.filter(point=found, closed_at__isnull=True).first()
    recent = (
        RosterEntry.objects.filter(tube__point=found, checked_in_by=user)
        .select_related("resident", "household__unit__building", "tube")
        .order_by("-checked_in_at")[:RECENT]
    )
    return render(
        request,
        "health/point.html",
        {
            "round": round,
            "point": found,
            "tube": tube,
            "typed": query,
            "candidates": candidates,
            "recent": recent,
            "not_found": bool(query) and not candidates,
            "more": len(candidates) >= SHOWN,
        },
    )


@login_required
@require_POST
def scan_tube(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    user = staff(request)
    round, found = _point(user, pk, point)
    before = Tube.objects.filter(point=found, closed_at__isnull=True).first()
    try:
        tube = actions.open_tube(
            user=user,
            point=found,
            code=request.POST.get("code", ""),
            close_current=request.POST.get("close_current") == "1",
        )
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc), extra_tags="tube")
    else:
        said = _("Tube %(code)s open: %(n)s places.") % {"code": tube.code, "n": tube.size}
        if before is not None and before.filled:
            said = (
                _("Tube %(old)s sealed with %(filled)s.")
                % {"old": before.code, "filled": before.filled}
                + " "
                + said
            )
        messages.success(request, said, extra_tags="tube")
    return redirect(_back(request, round, found))


@login_required
@require_POST
def scan(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    """What the box sent: a resident's code checks in at once, anything else lists candidates."""
    user = staff(request)
    round, found = _point(user, pk, point)
    query = request.POST.get("q", "").strip()
    if not query:
        messages.error(request, _("Scan a code, or type a room or a name."), extra_tags="scan")
        return redirect(_page(round, found))
    if resident_from_code(query) is None:
        return redirect(_page(round, found, query))
    entries = list(find_entries(round, query))
    if not entries:
        messages.error(
            request,
            _("This code is not of anyone on this round's roster."),
            extra_tags="scan",
        )
        return redirect(_page(round, found))
    _check_in(request, user, entries[0], found)
    return redirect(_page(round, found))


@login_required
@require_POST
def check_in(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    user = staff(request)
    round, found = _point(user, pk, point)
    entry_id = parse_id(request.POST.get("entry"))
    if entry_id is None:
        messages.error(request, _("Choose the resident to check in."), extra_tags="scan")
        return redirect(_back(request, round, found))
    _check_in(request, user, get_entry_for_sampler(user, round, entry_id), found)
    return redirect(_back(request, round, found))


def _check_in(request: HttpRequest, user: User, entry: RosterEntry, point: SamplingPoint) -> None:
    try:
        done = actions.check_in(user=user, entry=entry, point=point)
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc), extra_tags="scan")
        return
    tube = done.tube
    said = _("%(name)s (%(room)s) checked in: tube %(code)s, %(filled)s of %(size)s.") % {
        "name": entry.resident.name,
        "room": entry.household.address,
        "code": tube.code,
        "filled": tube.filled,
        "size": tube.size,
    }
    if done.tube_full:
        said += " " + _("The tube is full and closed: scan a new tube.")
    messages.success(request, said, extra_tags="scan")


@login_required
@require_POST
def undo(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    user = staff(request)
    round, found = _point(user, pk, point)
    entry = get_entry_for_sampler(user, round, parse_id(request.POST.get("entry")) or 0)
    try:
        actions.undo_check_in(user=user, entry=entry)
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags="scan")
    else:
        messages.success(
            request,
            _("%(name)s: check-in undone.") % {"name": entry.resident.name},
            extra_tags="scan",
        )
    return redirect(_back(request, round, found))


@login_required
@require_POST
def lift(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    """One household per lift ride during sampling: the lift disinfected after it went back up."""
    user = staff(request)
    round, found = _point(user, pk, point)
    entry = get_entry_for_sampler(user, round, parse_id(request.POST.get("entry")) or 0)
    try:
        log_lift_ride(building=entry.building, household=entry.household, user=user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, message_of(exc), extra_tags="scan")
    else:
        messages.success(
            request,
            _("Lift of %(building)s disinfected after %(address)s.")
            % {"building": entry.building, "address": entry.household.address},
            extra_tags="scan",
        )
    return redirect(_page(round, found))


def _back(request: HttpRequest, round: TestRound, point: SamplingPoint) -> str:
    """Back to the door-to-door route when the tap came from it, else to the point."""
    if request.POST.get("back") == "door":
        return reverse("health_door", args=[round.pk]) + "#route"
    return _page(round, point)
