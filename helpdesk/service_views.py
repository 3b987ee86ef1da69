"""The community sets its own time limits per category and urgency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.http import staff
from accounts.models import AuditEntry, Role, record
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
    if user.role != Role.COMMUNITY_ADMIN and not user.is_superuser:
        raise PermissionDenied("只有社区管理员可以设置时限 (community admins only)")
    levels = {
        (sl.category, sl.urgency): sl for sl in ServiceLevel.objects.filter(compound=compound)
    }
    errors = []
    if request.method == "POST":
        with transaction.atomic():
            for category in Category:
                for urgency in Urgency:
                    key = f"{category}_{urgency}"
                    try:
                        acknowledge = _minutes(request.POST.get(f"ack_{key}", ""))
                        close = _minutes(request.POST.get(f"close_{key}", ""))
                    except ValueError:
                        errors.append(f"{category.label} / {urgency.label}")
                        continue
                    if acknowledge is None:
                        ServiceLevel.objects.filter(
                            compound=compound, category=category, urgency=urgency
                        ).delete()
                        continue
                    ServiceLevel.objects.update_or_create(
                        compound=compound, category=category, urgency=urgency,
                        defaults={"acknowledge_minutes": acknowledge, "close_minutes": close},
                    )  # fmt: skip
            if errors:
                transaction.set_rollback(True)
            else:
                record(user=user, action=AuditEntry.Action.UPDATE, obj=compound,
                       detail={"service_levels": "saved"})  # fmt: skip
        if not errors:
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
