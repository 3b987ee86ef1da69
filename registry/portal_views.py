"""The household corrects its own contact details from its link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal.access import get_household_by_token
from portal.views import render_page
from registry import actions
from registry.forms import CorrectionForm


@require_POST
def correct_contact(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(request, token)
    form = CorrectionForm(request.POST)
    if form.is_valid():
        actions.submit_correction(household=household, values=form.cleaned_data)
        return redirect(reverse("household_page", args=[token]) + "?sent=1#section-contact")
    return render_page(request, household, token, overrides={"contact": {"form": form}}, status=400)
