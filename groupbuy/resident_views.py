"""The household signs up, changes or cancels from its link, until the cut-off."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from groupbuy import actions
from groupbuy.models import Offer
from linli.errors import Conflict, message_of
from portal.access import get_household_by_token

SECTION = "section-groupbuy"  # the messages are shown there, where the redirect lands


@require_POST
def sign_up(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household = get_household_by_token(request, token)
    offer = Offer.objects.filter(pk=pk, compound=household.unit.building.compound_id).first()
    if offer is None:
        raise Http404(pgettext("group buy", "There is no such offer."))
    items = list(offer.items.all())
    quantities = {item.pk: request.POST.get(f"item-{item.pk}", "") for item in items}
    tolerances = {item.pk: request.POST.get(f"more-{item.pk}", "") for item in items}
    if request.POST.get("cancel"):
        quantities = {}
    try:
        signup = actions.sign_up(
            offer=offer, household=household, quantities=quantities, tolerances=tolerances
        )
    except (ValidationError, Conflict, PermissionDenied) as exc:
        messages.error(
            request,
            message_of(exc) if not isinstance(exc, PermissionDenied) else str(exc),
            extra_tags=SECTION,
        )
    else:
        if signup is None or signup.cancelled:
            messages.success(
                request, _("You are off the list for “%s”.") % offer.title, extra_tags=SECTION
            )
        else:
            messages.success(
                request,
                _("You are on the list for “%s”. You can change it until the cut-off.")
                % offer.title,
                extra_tags=SECTION,
            )
    return redirect(reverse("household_page", args=[token]) + f"#{SECTION}")
