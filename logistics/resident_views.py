"""The household's side of the gate: it says it has its goods."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.text import plain
from linli.errors import Conflict, message_of
from logistics import actions, corner
from logistics.models import Item, Offer
from portal.access import get_household_by_token
from registry.models import Household

# The household page's sections: each message is shown in the one the redirect lands on.
DELIVERIES, CORNER = "section-deliveries", "section-corner"


@require_POST
def confirm_received(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household = get_household_by_token(request, token)
    item = Item.objects.filter(household=household, pk=pk).first()
    if item is None:
        raise Http404(_("There is no such delivery for your household."))
    try:
        actions.confirm_by_household(household=household, item=item)
    except Conflict as exc:
        messages.info(request, str(exc), extra_tags=DELIVERIES)
    else:
        messages.success(
            request, _("Thank you: we have noted that you have it."), extra_tags=DELIVERIES
        )
    return redirect(reverse("household_page", args=[token]) + f"#{DELIVERIES}")


def _back_to_corner(token: str) -> HttpResponse:
    return redirect(reverse("household_page", args=[token]) + f"#{CORNER}")


@require_POST
def corner_offer(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(request, token)
    try:
        corner.offer(household=household, text=plain(request.POST.get("text", "")))
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags=CORNER)
    else:
        messages.success(
            request, _("Thank you: your neighbours can see your offer."), extra_tags=CORNER
        )
    return _back_to_corner(token)


def _offer(household: Household, pk: int) -> Offer:
    offer = Offer.objects.filter(pk=pk, compound=household.unit.building.compound_id).first()
    if offer is None:
        raise Http404(_("There is no such offer."))
    return offer


@require_POST
def corner_ask(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household = get_household_by_token(request, token)
    try:
        corner.ask_for(household=household, offer=_offer(household, pk))
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc), extra_tags=CORNER)
    else:
        messages.success(
            request, _("It is yours: a volunteer will bring it to your door."), extra_tags=CORNER
        )
    return _back_to_corner(token)


@require_POST
def corner_withdraw(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household = get_household_by_token(request, token)
    try:
        corner.withdraw(household=household, offer=_offer(household, pk))
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc), extra_tags=CORNER)
    return _back_to_corner(token)
