"""Permission-checked getters: every query about the registry starts from the user.

Out of scope is the same as not there: a 404, so a page never confirms what exists elsewhere.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.capabilities import EDIT_REGISTRY, IMPORT_ROSTER, REVEAL_CONTACT, can
from accounts.models import User
from registry.models import Building, Compound, Household, Resident, RosterImport, Unit


def visible_compounds(user: User) -> list[Compound]:
    buildings = user.visible_buildings()
    ids = set(buildings.values_list("compound_id", flat=True).distinct())
    if not user.is_superuser:
        ids |= set(user.scope.compounds)
    return list(Compound.objects.filter(pk__in=ids))


def get_compound_for_user(user: User, pk: int) -> Compound:
    for compound in visible_compounds(user):
        if compound.pk == pk:
            return compound
    raise Http404(_("There is no such compound, or it is outside your scope."))


def get_building_for_user(user: User, pk: int) -> Building:
    try:
        return user.visible_buildings().select_related("compound", "grid").get(pk=pk)
    except Building.DoesNotExist:
        raise Http404(_("There is no such building, or it is outside your scope.")) from None


def get_unit_for_user(user: User, pk: int) -> Unit:
    try:
        return Unit.objects.select_related("building__compound").get(
            pk=pk, building__in=user.visible_buildings()
        )
    except Unit.DoesNotExist:
        raise Http404(_("There is no such unit, or it is outside your scope.")) from None


def get_household_for_user(user: User, pk: int) -> Household:
    try:
        return Household.objects.select_related("unit__building__compound").get(
            pk=pk, unit__building__in=user.visible_buildings()
        )
    except Household.DoesNotExist:
        raise Http404(_("There is no such household, or it is outside your scope.")) from None


def get_resident_for_user(user: User, pk: int) -> Resident:
    try:
        return Resident.objects.select_related("household__unit__building").get(
            pk=pk, household__unit__building__in=user.visible_buildings()
        )
    except Resident.DoesNotExist:
        raise Http404(_("There is no such resident, or it is outside your scope.")) from None


def get_import_for_user(user: User, pk: int) -> RosterImport:
    """An import, to the person who uploaded it (a report holds every rejected row in full)."""
    try:
        return RosterImport.objects.select_related("compound").get(pk=pk, by=user)
    except RosterImport.DoesNotExist:
        raise Http404(_("There is no such import, or it is not yours.")) from None


def require_reveal(user: User) -> None:
    if not can(user, REVEAL_CONTACT):
        raise PermissionDenied(_("Your role may not see personal data in full."))


def require_edit(user: User) -> None:
    if not can(user, EDIT_REGISTRY):
        raise PermissionDenied(_("Your role may not change the registry."))


def require_import(user: User) -> None:
    if not can(user, IMPORT_ROSTER):
        raise PermissionDenied(_("Only community admins import the roster."))
