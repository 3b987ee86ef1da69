"""The help desk's section of the household's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from helpdesk.models import Request, Status
from portal.sections import Section
from registry.models import Household


def help_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    return {"open": Request.objects.filter(household=household).open().count()}


def replies_to_confirm(household: Household) -> int:
    """Requests closed with a reply that the household has not yet confirmed or reopened."""
    return Request.objects.filter(
        household=household, status=Status.DONE, confirmed_at__isnull=True
    ).count()


SECTION = Section(
    key="help",
    title=_("Help requests"),
    order=10,
    card="helpdesk/_portal_card.html",
    urls="helpdesk.portal_urls",
    context=help_card,
    waiting=replies_to_confirm,
)
