"""The household's link and its QR code, issued and revoked by staff."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.http import staff
from registry import actions
from registry.access import get_household_for_user, require_edit


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
