"""The day's antigen report on the household's page, and each resident's code for the sampler."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health.models import AntigenReport, Case, RosterEntry
from portal.sections import Section
from registry.models import Household


def _reported_today(household: Household) -> tuple[int, int]:
    """Results for today; an invalid cassette is no result: that person tests again."""
    people = household.residents.count()
    done = (
        AntigenReport.objects.filter(household=household, day=timezone.localdate())
        .exclude(result=AntigenReport.Result.INVALID)
        .count()
    )
    return done, people


def antigen_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    done, people = _reported_today(household)
    return {
        "done": done,
        "people": people,
        "case": Case.objects.active()
        .filter(household=household)
        .select_related("resident")
        .first(),
        "retest": RosterEntry.objects.filter(
            household=household, retest=True, tube__isnull=True, round__closed_at__isnull=True
        )
        .select_related("resident")
        .first(),
    }


def not_reported(household: Household) -> int:
    """The reminder: how many in the household have no result for today."""
    done, people = _reported_today(household)
    return max(people - done, 0)


SECTION = Section(
    key="antigen",
    title=_("Antigen and tests"),
    order=15,  # after asking for help, before the deliveries: every day, for everyone
    card="health/_portal_card.html",
    urls="health.portal_urls",
    context=antigen_card,
    waiting=not_reported,
)
