"""The registry's section of the household's page: what the community has on record, and a
form to correct the contact details."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.sections import Section
from registry.forms import CorrectionForm
from registry.models import ContactCorrection, Household


def contact_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    return {
        "residents": household.residents.all(),
        "pending": household.corrections.filter(status=ContactCorrection.Status.PENDING),
        "form": CorrectionForm(),
        "sent": request.GET.get("sent") == "1",
    }


SECTION = Section(
    key="contact",
    title=_("What the community has on record"),
    order=90,
    card="registry/_portal_card.html",
    urls="registry.portal_urls",
    context=contact_card,
)
