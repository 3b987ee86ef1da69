"""The household's side of the gate: it says it has its goods."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from linli.errors import Conflict
from logistics import actions
from logistics.models import Item
from portal.access import get_household_by_token


@require_POST
def confirm_received(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    household = get_household_by_token(request, token)
    item = Item.objects.filter(household=household, pk=pk).first()
    if item is None:
        raise Http404(_("There is no such delivery for your household."))
    try:
        actions.confirm_by_household(household=household, item=item)
    except Conflict as exc:
        messages.info(request, str(exc))
    else:
        messages.success(request, _("Thank you: we have noted that you have it."))
    return redirect(reverse("household_page", args=[token]) + "#section-deliveries")
