"""The day's antigen reports for staff: who is complete, who to remind, a building's sign-off,
and a volunteer reporting for a household without a smartphone."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import can, require
from accounts.http import staff
from health import actions, board
from health.access import require_antigen
from health.capabilities import CHASE_MISSED, REPORT_ANTIGEN_BY_PROXY
from health.models import AntigenReport
from helpdesk.uploads import serve_image
from linli.errors import Conflict, message_of
from registry.access import get_building_for_user, get_household_for_user


def _day(request: HttpRequest) -> date:
    try:
        return date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        return timezone.localdate()


@login_required
def antigen(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require_antigen(user)
    day = _day(request)
    buildings = user.visible_buildings().select_related("compound")
    places = board.antigen_completeness(buildings, day)
    return render(
        request,
        "health/antigen.html",
        {
            "day": day,
            "places": places,
            "may_sign": can(user, CHASE_MISSED),
            "residents": sum(p.residents for p in places),
            "reported": sum(p.reported for p in places),
        },
    )


@login_required
def antigen_building(request: HttpRequest, pk: int) -> HttpResponse:
    """The households of one building that have not reported, and the reminder to paste."""
    user = staff(request)
    require_antigen(user)
    building = get_building_for_user(user, pk)
    day = _day(request)
    waiting = board.not_reported(building.compound.buildings.filter(pk=building.pk), day)
    reports = {
        r.resident_id: r for r in AntigenReport.objects.filter(household__in=waiting, day=day)
    }
    for household in waiting:
        household.people_reports = [  # type: ignore[attr-defined]
            (resident, reports.get(resident.pk)) for resident in household.residents.all()
        ]
    return render(
        request,
        "health/antigen_building.html",
        {
            "building": building,
            "day": day,
            "waiting": waiting,
            "reminder": board.reminder_text(building, waiting, day) if waiting else "",
            "results": AntigenReport.Result.choices,
            "may_report": can(user, REPORT_ANTIGEN_BY_PROXY),
            "may_sign": can(user, CHASE_MISSED),
        },
    )


@login_required
@require_POST
def report_for(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer at the door reports the household's results for it."""
    user = staff(request)
    require(user, REPORT_ANTIGEN_BY_PROXY, _("Your role may not report for a household."))
    household = get_household_for_user(user, pk)
    day = _day(request)
    saved, errors = 0, []
    for resident in household.residents.all():
        result = request.POST.get(f"r{resident.pk}", "")
        if not result:
            if request.FILES.get(f"p{resident.pk}"):
                errors.append(
                    _("%(name)s: choose the result the photo shows.") % {"name": resident.name}
                )
            continue
        try:
            actions.report_antigen(
                household=household,
                resident_id=resident.pk,
                result=result,
                by=user,
                photo=request.FILES.get(f"p{resident.pk}"),
                day=day,
            )
        except (ValidationError, Conflict) as exc:
            errors.append(f"{resident.name}: {message_of(exc)}")
        else:
            saved += 1
    # Said at the top of the page: a household that is now complete leaves the list.
    tag = "reported"
    if errors:
        messages.error(request, " ".join(errors), extra_tags=tag)
    if saved:
        messages.success(
            request,
            _("%(address)s: %(n)s results reported.") % {"address": household.address, "n": saved},
            extra_tags=tag,
        )
    elif not errors:
        messages.error(request, _("Choose a result for at least one person."), extra_tags=tag)
    url = reverse("health_antigen_building", args=[household.unit.building_id])
    return redirect(f"{url}?day={day.isoformat()}#reported")


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(user, CHASE_MISSED, _("Building leaders sign off their building's day."))
    building = get_building_for_user(user, pk)
    day = _day(request)
    place = board.antigen_completeness(building.compound.buildings.filter(pk=building.pk), day)[0]
    try:
        actions.sign_off(
            user=user,
            building=building,
            day=day,
            reported=place.reported,
            expected=place.residents,
            note=request.POST.get("note", ""),
        )
    except (Conflict, ValidationError) as exc:
        messages.error(request, message_of(exc), extra_tags=f"b{building.pk}")
    else:
        said = _("%(building)s signed off: %(reported)s of %(expected)s reported.") % {
            "building": building,
            "reported": place.reported,
            "expected": place.residents,
        }
        missing = place.residents - place.reported
        if missing:
            said += " " + _("%(n)s have not reported: the sign-off says so.") % {"n": missing}
        messages.success(request, said, extra_tags=f"b{building.pk}")
    return redirect(f"{reverse('health_antigen')}?day={day.isoformat()}#b{building.pk}")


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    user = staff(request)
    require_antigen(user)
    report = AntigenReport.objects.filter(pk=pk).filter(user.in_scope("building")).first()
    if report is None or not report.photo:
        raise Http404(_("There is no photo here."))
    return serve_image(report.photo)
