"""The household's side of sanitation: garbage overflowing, an area that needs disinfecting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.ids import parse_id
from linli.errors import message_of
from portal.access import get_household_by_token
from sanitation import actions
from sanitation.models import Area

SECTION = "section-sanitation"


@require_POST
def report(request: HttpRequest, token: str) -> HttpResponse:
    household = get_household_by_token(request, token)
    typed_area = request.POST.get("area", "")
    pk = parse_id(typed_area)
    area = Area.objects.filter(pk=pk).first() if pk else None
    try:
        if typed_area.strip() and area is None:
            raise ValidationError(_("That area is not in your compound's plan."))
        sent, created = actions.report_overflow(
            household=household, kind=request.POST.get("kind", ""), area=area,
            text=request.POST.get("text", ""),
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags=SECTION)
    else:
        if created:
            messages.success(
                request,
                _("Thank you: the sanitation team has your report (request #%(pk)s). You will "
                  "read here when it is done.") % {"pk": sent.request_id},
                extra_tags=SECTION,
            )  # fmt: skip
        else:
            messages.info(
                request,
                _("You reported this already (request #%(pk)s): the team is on its way.")
                % {"pk": sent.request_id},
                extra_tags=SECTION,
            )
    return redirect(reverse("household_page", args=[token]) + f"#{SECTION}")
