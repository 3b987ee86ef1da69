"""The household's side of health rounds, through its own link: today's antigen results for each
person (with an optional photo of the cassette), and each person's code for the sampling point."""

from __future__ import annotations

from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from health import actions
from health.lookup import resident_code
from health.models import AntigenReport
from helpdesk.uploads import serve_image
from linli.errors import message_of
from portal.access import get_household_by_token
from registry.models import Household


def antigen_page(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(request, token)
    if request.method != "POST":
        return _page(request, household, token)
    errors: dict[int, str] = {}
    saved = positive = 0
    residents = list(household.residents.all())
    chosen = {r.pk: request.POST.get(f"r{r.pk}", "") for r in residents}
    for key in request.POST:  # a result for someone not in this household is said, not dropped
        if key.startswith("r") and key[1:].isdigit() and int(key[1:]) not in chosen:
            errors[0] = _("That person is not in this household.")
    for resident in residents:
        result = chosen[resident.pk]
        if not result:
            if request.FILES.get(f"p{resident.pk}"):
                errors[resident.pk] = _("Tap the result the photo shows.")
            continue
        try:
            _report, case = actions.report_antigen(
                household=household,
                resident_id=resident.pk,
                result=result,
                photo=request.FILES.get(f"p{resident.pk}"),
            )
        except ValidationError as exc:
            errors[resident.pk] = message_of(exc)
        else:
            saved += 1
            positive += case is not None
    if not saved and not errors:
        errors[0] = _("Tap a result for at least one person.")
    if errors:
        return _page(request, household, token, errors=errors, chosen=chosen, status=400)
    url = reverse("antigen_page", args=[token])
    return redirect(f"{url}?sent={saved}&positive={positive}#antigen")


def _page(
    request: HttpRequest,
    household: Household,
    token: str,
    *,
    errors: dict[int, str] | None = None,
    chosen: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    reports = {
        r.resident_id: r for r in AntigenReport.objects.filter(household=household, day=today)
    }
    people = [
        {
            "resident": r,
            "report": reports.get(r.pk),
            "chosen": (chosen or {}).get(r.pk, ""),
            "error": (errors or {}).get(r.pk, ""),
        }
        for r in household.residents.all()
    ]
    context: dict[str, Any] = {
        "household": household,
        "token": token,
        "people": people,
        "today": today,
        "results": AntigenReport.Result.choices,
        "error": (errors or {}).get(0, ""),
        "failed": bool(errors),
        "sent": request.GET.get("sent"),
        "positive": request.GET.get("positive") not in (None, "0"),
        "missing": sum(1 for p in people if p["report"] is None),
    }
    return render(request, "health/antigen_page.html", context, status=status)


def photo(request: HttpRequest, token: str, pk: int) -> FileResponse:
    household = get_household_by_token(request, token)
    report = AntigenReport.objects.filter(household=household, pk=pk).first()
    if report is None or not report.photo:
        raise Http404(_("There is no photo here."))
    return serve_image(report.photo)


def codes(request: HttpRequest, token: str) -> HttpResponse:
    """One code per person: shown at the sampling point, or printed on a card for someone
    without a phone."""
    household = get_household_by_token(request, token)
    cards = [
        {"resident": r, "qr": segno.make(resident_code(r.pk), error="m").svg_data_uri(scale=5)}
        for r in household.residents.all()
    ]
    return render(
        request, "health/codes.html", {"household": household, "token": token, "cards": cards}
    )
