"""Supply packs: open a distribution, tick households off per unit, see who is still waiting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import staff
from accounts.models import User
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from logistics import supplies
from logistics.access import gate_compounds
from logistics.forms import DistributionForm
from logistics.models import Distribution, Per
from registry.access import get_household_for_user, get_unit_for_user, visible_compounds
from registry.models import Resident


def _distribution(user: User, pk: int) -> Distribution:
    compounds = {c.pk for c in visible_compounds(user)}
    distribution = Distribution.objects.filter(pk=pk, compound__in=compounds).first()
    if distribution is None:
        raise Http404(_("There is no such distribution, or it is outside your scope."))
    return distribution


@login_required
def distributions(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compounds = visible_compounds(user)
    form = DistributionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        compound = next(iter(gate_compounds(user)), None)
        try:
            if compound is None:
                raise ValidationError(_("Only leaders open a distribution."))
            made = supplies.open_distribution(user=user, compound=compound, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("supplies_distribution", pk=made.pk)
    listed = Distribution.objects.filter(compound__in=compounds).order_by("-created_at")[:50]
    status = 400 if form.is_bound else 200
    return render(
        request, "logistics/distributions.html",
        {"distributions": listed, "form": form}, status=status,
    )  # fmt: skip


@login_required
def distribution(request: HttpRequest, pk: int) -> HttpResponse:
    """Per unit, how many got their pack; a unit's households to tick; or all who wait."""
    user = staff(request)
    current = _distribution(user, pk)
    context: dict[str, object] = {
        "distribution": current,
        "per_resident": current.per == Per.RESIDENT,
    }
    unit_pk = parse_id(request.GET.get("unit"))
    households = supplies.households_for(user, current)
    if unit_pk:
        unit = get_unit_for_user(user, unit_pk)
        context["unit"] = unit
        context["households"] = _listed(
            supplies.with_service(households.filter(unit=unit), current)
        )
        context["handouts"] = (
            supplies.served_now(current)
            .filter(household__unit=unit)
            .select_related("by", "resident")
        )
    elif request.GET.get("waiting"):
        waiting = supplies.not_served(households, current)
        context["waiting"] = _listed(waiting)[:500]
    else:
        context["tallies"] = supplies.tally_by_unit(user, current)
    return render(request, "logistics/distribution.html", context)


def _listed(households: Any) -> Any:
    return (
        households.select_related("unit__building")
        .prefetch_related("residents")
        .order_by("unit__building__number", "unit__number", "floor", "room")
    )


@login_required
@require_POST
def hand_out(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    current = _distribution(user, pk)
    household = get_household_for_user(user, parse_id(request.POST.get("household")) or 0)
    resident_pk = parse_id(request.POST.get("resident"))
    resident = (
        Resident.objects.filter(pk=resident_pk, household=household).first()
        if resident_pk
        else None
    )
    try:
        supplies.hand_out(
            user=user, distribution=current, household=household, resident=resident,
            to_proxy=request.POST.get("to_proxy") == "on",
            override_reason=request.POST.get("reason", ""),
        )  # fmt: skip
    except (Conflict, ValidationError) as exc:
        messages.error(
            request,
            _("%(what)s: %(problem)s") % {"what": household.address, "problem": message_of(exc)},
        )
    else:
        messages.success(request, _("%(place)s: handed out.") % {"place": household.address})
    return redirect(
        reverse("supplies_distribution", args=[current.pk]) + f"?unit={household.unit_id}"
    )
