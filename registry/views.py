"""Staff pages: compound overview → building → unit → household, and search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import SET_COMPOUND_LOCKDOWN, can
from accounts.http import staff
from linli.http import HtmxHttpRequest
from registry import actions
from registry.access import (
    get_building_for_user,
    get_compound_for_user,
    get_household_for_user,
    get_resident_for_user,
    get_unit_for_user,
    require_edit,
    require_reveal,
    visible_compounds,
)
from registry.forms import HouseholdForm, LockdownForm, ResidentForm
from registry.models import (
    ContactCorrection,
    Household,
    LockdownState,
    building_figures,
    coverage,
    current_lockdown,
    unit_figures,
)
from registry.search import search_households


@login_required
def home(request: HttpRequest) -> HttpResponse:
    compounds = visible_compounds(staff(request))
    if len(compounds) == 1:
        return redirect("compound", pk=compounds[0].pk)
    return render(request, "registry/home.html", {"compounds": compounds})


@login_required
def compound(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    compound = get_compound_for_user(user, pk)
    buildings = building_figures(user.visible_buildings().filter(compound=compound), compound)
    households = sum(f.households for f in buildings)
    verified = sum(f.verified for f in buildings)
    totals = {
        "households": households,
        "residents": sum(f.residents for f in buildings),
        "vulnerable": sum(f.vulnerable for f in buildings),
        "coverage": coverage(verified, households),
    }
    return render(
        request,
        "registry/compound.html",
        {
            "compound": compound,
            "buildings": buildings,
            "totals": totals,
            "lockdown": current_lockdown(compound),
            "pending_corrections": ContactCorrection.objects.filter(
                status=ContactCorrection.Status.PENDING,
                household__unit__building__in=user.visible_buildings(),
                household__unit__building__compound=compound,
            ).count(),
        },
    )


@login_required
def building(request: HttpRequest, pk: int) -> HttpResponse:
    building = get_building_for_user(staff(request), pk)
    return render(
        request,
        "registry/building.html",
        {
            "building": building,
            "units": unit_figures(building),
            "aliases": building.aliases.all(),
            "lockdown": current_lockdown(building.compound, building),
            "history": LockdownState.objects.filter(
                building=building, unit__isnull=True
            ).select_related("set_by")[:10],
        },
    )


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for_user(staff(request), pk)
    households = (
        Household.objects.filter(unit=unit).prefetch_related("residents").order_by("floor", "room")
    )
    return render(
        request,
        "registry/unit.html",
        {
            "unit": unit,
            "households": households,
            "lockdown": current_lockdown(unit.building.compound, unit.building, unit),
            "history": LockdownState.objects.filter(unit=unit).select_related("set_by")[:10],
        },
    )


@login_required
def household(request: HttpRequest, pk: int) -> HttpResponse:
    return household_page(request, get_household_for_user(staff(request), pk))


def household_page(
    request: HttpRequest,
    household: Household,
    reveal_resident: int | None = None,
    reveal_contact: bool = False,
) -> HttpResponse:
    return render(
        request,
        "registry/household.html",
        {
            "household": household,
            "residents": household.residents.all(),
            "corrections": household.corrections.filter(status=ContactCorrection.Status.PENDING),
            "reveal_resident": reveal_resident,
            "reveal_contact": reveal_contact,
        },
    )


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = get_household_for_user(user, pk)
    require_edit(user)
    if request.method == "POST":
        form = HouseholdForm(request.POST)
        if form.is_valid():
            actions.update_household(user=user, household=household, values=form.kept())
            return redirect("household", pk=household.pk)
    else:
        shown = [f for f in actions.HOUSEHOLD_FIELDS if f not in HouseholdForm.SECRET_FIELDS]
        form = HouseholdForm(initial={f: getattr(household, f) for f in shown})
    form.hint(
        {
            "contact_phone": household.masked_contact_phone,
            "proxy_phone": household.masked_proxy_phone,
        }
    )
    return render(request, "registry/household_edit.html", {"household": household, "form": form})


@login_required
def resident_edit(request: HttpRequest, household_pk: int, pk: int | None = None) -> HttpResponse:
    user = staff(request)
    household = get_household_for_user(user, household_pk)
    require_edit(user)
    resident = None
    if pk is not None:
        resident = get_resident_for_user(user, pk)
        if resident.household_id != household.pk:
            return redirect("resident_edit", household_pk=resident.household_id, pk=pk)
    if request.method == "POST":
        form = ResidentForm(request.POST)
        if form.is_valid():
            actions.save_resident(
                user=user, household=household, resident=resident, values=form.resident_values()
            )
            return redirect("household", pk=household.pk)
    elif resident is not None:
        from registry.models import Tag

        form = ResidentForm(
            initial={
                "name": resident.name,
                "relation": resident.relation,
                "tags": [t for t in resident.tags if t in Tag.values],
                "other_tags": "、".join(t for t in resident.tags if t not in Tag.values),
                "due_date": resident.due_date,
                "notes": resident.notes,
            }
        )
    else:
        form = ResidentForm()
    if resident is not None:
        form.hint({"phone": resident.masked_phone, "id_number": resident.masked_id_number})
    return render(
        request,
        "registry/resident_edit.html",
        {"household": household, "resident": resident, "form": form},
    )


@login_required
@require_POST
def resident_reveal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    resident = get_resident_for_user(user, pk)
    require_reveal(user)
    actions.reveal(user=user, obj=resident, fields=["phone", "id_number"])
    if request.htmx:
        return render(
            request,
            "registry/household.html#revealed-resident",
            {"resident": resident, "revealed": True},
        )
    return household_page(request, resident.household, reveal_resident=resident.pk)


@login_required
@require_POST
def household_reveal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    household = get_household_for_user(user, pk)
    require_reveal(user)
    actions.reveal(user=user, obj=household, fields=["contact_phone", "proxy_phone"])
    if request.htmx:
        return render(
            request,
            "registry/household.html#revealed-contact",
            {"household": household, "revealed": True},
        )
    return household_page(request, household, reveal_contact=True)


@login_required
@require_POST
def lockdown_set(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user = staff(request)
    require_edit(user)
    form = LockdownForm(request.POST)
    building = unit = None
    if kind == "building":
        building = get_building_for_user(user, pk)
        compound = building.compound
    elif kind == "unit":
        unit = get_unit_for_user(user, pk)
        building, compound = unit.building, unit.building.compound
    elif kind == "compound":
        compound = get_compound_for_user(user, pk)
        if not can(user, SET_COMPOUND_LOCKDOWN):
            raise PermissionDenied(
                _("Only community admins set the whole compound's lockdown state.")
            )
    else:
        raise Http404("kind must be compound, building or unit")
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    actions.set_lockdown(
        user=user, compound=compound, building=building, unit=unit, **form.cleaned_data
    )
    return redirect(kind, pk=pk)


@login_required
def corrections(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    pending = ContactCorrection.objects.filter(
        status=ContactCorrection.Status.PENDING,
        household__unit__building__in=user.visible_buildings(),
    ).select_related("household__unit__building")
    return render(request, "registry/corrections.html", {"corrections": pending})


@login_required
@require_POST
def correction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require_edit(user)
    try:
        correction = ContactCorrection.objects.select_related("household").get(
            pk=pk, household__unit__building__in=user.visible_buildings()
        )
    except ContactCorrection.DoesNotExist:
        raise Http404(_("There is no such correction, or it is outside your scope.")) from None
    confirm = request.POST.get("decision") == "confirm"
    actions.decide_correction(user=user, correction=correction, confirm=confirm)
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("corrections")
    return redirect(next_url)


@login_required
def search(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = search_households(staff(request), query) if query else []
    template = "registry/search.html#results" if request.htmx else "registry/search.html"
    return render(request, template, {"query": query, "results": results})
