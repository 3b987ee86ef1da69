"""Garbage and disinfection on the household's page: report what overflows or needs doing.

Each report is a help-desk request (category sanitation) and is closed, with a reply the
household reads, when the matching round is logged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.sections import Section
from registry.models import Household
from sanitation.models import Area, OverflowReport, ReportKind


def areas_for_household(household: Household) -> list[Area]:
    """What a household may name: its own building's areas and the compound's points."""
    building = household.unit.building
    return list(
        Area.objects.active()
        .filter(compound=building.compound_id)
        .filter(Q(building__isnull=True) | Q(building=building))
        .select_related("building")
        .in_plan_order()
    )


def report_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    return {
        "areas": areas_for_household(household),
        "kinds": ReportKind,
        "recent": OverflowReport.objects.filter(household=household).select_related(
            "area__building", "building", "request"
        )[:5],
    }


SECTION = Section(
    key="sanitation",
    title=_("Garbage and disinfection"),
    order=60,
    card="sanitation/_portal_card.html",
    urls="sanitation.portal_urls",
    context=report_card,
)
