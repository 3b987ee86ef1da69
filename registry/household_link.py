"""The household's own page, opened from its link or QR code: no account needed."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import staff
from registry import actions
from registry.access import get_household_for_user, require_edit
from registry.forms import CorrectionForm
from registry.models import ContactCorrection, Household, current_lockdown


def get_household_by_token(token: str) -> Household:
    try:
        return Household.objects.select_related("unit__building__compound").get(access_token=token)
    except Household.DoesNotExist:
        raise Http404("此链接无效或已失效，请联系楼长 (this link is not valid)") from None


def household_page(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(token)
    form = CorrectionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            actions.submit_correction(household=household, values=form.cleaned_data)
            return redirect(reverse("household_page", args=[token]) + "?sent=1")
        status = 400
    building = household.unit.building
    return render(
        request,
        "registry/household_page.html",
        {
            "household": household,
            "residents": household.residents.all(),
            "form": form,
            "sent": request.GET.get("sent") == "1",
            "pending": household.corrections.filter(status=ContactCorrection.Status.PENDING),
            "lockdown": current_lockdown(building.compound, building, household.unit)
            or current_lockdown(building.compound, building)
            or current_lockdown(building.compound),
        },
        status=status,
    )


@login_required
def household_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The link and a QR code to print and stick on the door; revoke or reissue it."""
    user = staff(request)
    household = get_household_for_user(user, pk)
    url = qr = None
    if household.access_token:
        url = request.build_absolute_uri(reverse("household_page", args=[household.access_token]))
        qr = segno.make(url, error="m").svg_data_uri(scale=6)
    return render(
        request, "registry/household_link.html", {"household": household, "url": url, "qr": qr}
    )


@login_required
@require_POST
def household_link_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = get_household_for_user(user, pk)
    require_edit(user)
    if request.POST.get("action") == "revoke":
        actions.revoke_link(user=user, household=household)
    else:
        actions.issue_link(user=user, household=household)
    return redirect("household_link", pk=household.pk)
