"""The household's own page, opened from its link or QR code: no account needed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.access import get_household_by_token
from portal.sections import sections
from registry.models import Household, current_lockdown


def household_page(request: HttpRequest, token: str) -> HttpResponse:
    return render_page(request, get_household_by_token(request, token), token)


def render_page(
    request: HttpRequest,
    household: Household,
    token: str,
    *,
    overrides: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page with every section's card; a section's view may pass its card's context
    (a form with errors) in `overrides`."""
    building = household.unit.building
    cards = []
    for section in sections():
        context = section.context(request, household) if section.context else {}
        context.update((overrides or {}).get(section.key, {}))
        waiting = section.waiting(household) if section.waiting else 0
        cards.append({"section": section, "context": context, "waiting": waiting})
    return render(
        request,
        "portal/household_page.html",
        {
            "household": household,
            "token": token,
            "cards": cards,
            "lockdown": current_lockdown(building.compound, building, household.unit)
            or current_lockdown(building.compound, building)
            or current_lockdown(building.compound),
        },
        status=status,
    )
