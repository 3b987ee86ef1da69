"""The community sets its own time limits per category and urgency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.capabilities import require
from accounts.http import staff
from helpdesk import actions
from helpdesk.capabilities import SET_SERVICE_LEVELS
from helpdesk.models import DEFAULT_ACKNOWLEDGE, DEFAULT_CLOSE, Category, ServiceLevel, Urgency
from registry.access import get_compound_for_user


def _minutes(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdecimal() or not 0 < int(text) <= 7 * 24 * 60:
        raise ValueError(text)
    return int(text)


@login_required
def service_levels(request: HttpRequest, compound_pk: int) -> HttpResponse:
    user = staff(request)
    compound = get_compound_for_user(user, compound_pk)
    require(user, SET_SERVICE_LEVELS, _("Only community admins set the time limits."))
    levels = {
        (sl.category, sl.urgency): sl for sl in ServiceLevel.objects.filter(compound=compound)
    }
    errors = []
    if request.method == "POST":
        limits: dict[tuple[str, str], tuple[int | None, int | None]] = {}
        for category in Category:
            for urgency in Urgency:
                key = f"{category}_{urgency}"
                try:
                    limits[(category, urgency)] = (
                        _minutes(request.POST.get(f"ack_{key}", "")),
                        _minutes(request.POST.get(f"close_{key}", "")),
                    )
                except ValueError:
                    errors.append(f"{category.label} / {urgency.label}")
        if not errors:
            actions.set_service_levels(user=user, compound=compound, limits=limits)
            return redirect("service_levels", compound_pk=compound.pk)
    rows = []
    for category in Category:
        for urgency in Urgency:
            level = levels.get((category.value, urgency.value))
            rows.append({
                "key": f"{category}_{urgency}", "category": category.label,
                "urgency": urgency.label,
                "ack": level.acknowledge_minutes if level else "",
                "close": (level.close_minutes or "") if level else "",
                "default_ack": DEFAULT_ACKNOWLEDGE[urgency],
                "default_close": DEFAULT_CLOSE[urgency] or "22:00",
            })  # fmt: skip
    return render(
        request, "helpdesk/service_levels.html",
        {"compound": compound, "rows": rows, "errors": errors},
        status=400 if errors else 200,
    )  # fmt: skip
