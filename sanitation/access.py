"""Permission-checked getters for sanitation: every query starts from the user.

A building leader sees and logs the areas of their buildings; the compound's own points (the
gate, the receiving and sampling points) belong to those who serve the whole compound. Out of
scope is the same as not there: a 404.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.capabilities import can, require
from accounts.models import User
from lib.chinese import to_halfwidth
from registry.access import visible_compounds
from registry.models import Building, Compound, Household, building_sort_key
from sanitation.capabilities import LOG_SANITATION, PLAN_SANITATION
from sanitation.models import Area, AreaQuerySet, GarbageRound, OverflowReport


def require_log(user: User) -> None:
    require(user, LOG_SANITATION, _("Your role does not log disinfection or garbage rounds."))


def require_plan(user: User) -> None:
    require(user, PLAN_SANITATION, _("Only the community office and leaders edit the plan."))


def area_scope(user: User) -> Q:
    """The areas this person serves: their buildings', and the compound's own if theirs."""
    return user.in_scope("building", compound="compound")


def serves_whole(user: User, compound: Compound) -> bool:
    return user.is_active and (user.is_superuser or compound.pk in user.scope.compounds)


def serves_area(user: User, area: Area) -> bool:
    if area.building is not None:
        return user.serves(area.building)
    return serves_whole(user, area.compound)


def sanitation_compounds(user: User) -> list[Compound]:
    if not can(user, LOG_SANITATION):
        return []
    return sorted(visible_compounds(user), key=lambda c: c.name)


def get_compound_for_user(user: User, pk: int | None = None) -> Compound:
    """The compound of the page: the one asked for, or the person's first."""
    require_log(user)
    compounds = sanitation_compounds(user)
    if pk is not None:
        for compound in compounds:
            if compound.pk == pk:
                return compound
        raise Http404(_("There is no such compound, or it is outside your scope."))
    if not compounds:
        raise PermissionDenied(_("You serve no compound yet; ask your leader."))
    return compounds[0]


def areas_for_user(user: User) -> AreaQuerySet:
    require_log(user)
    return Area.objects.filter(area_scope(user))


def get_area_for_user(user: User, pk: int) -> Area:
    try:
        return areas_for_user(user).select_related("building", "compound").get(pk=pk)
    except Area.DoesNotExist:
        raise Http404(_("There is no such area, or it is outside your scope.")) from None


def buildings_for_user(user: User, compound: Compound) -> list[Building]:
    require_log(user)
    buildings = user.visible_buildings().filter(compound=compound)
    return sorted(buildings, key=lambda b: building_sort_key(b.number))


def get_building_for_user(user: User, pk: int) -> Building:
    require_log(user)
    try:
        return user.visible_buildings().select_related("compound", "grid").get(pk=pk)
    except Building.DoesNotExist:
        raise Http404(_("There is no such building, or it is outside your scope.")) from None


def get_garbage_round_for_user(user: User, pk: int) -> GarbageRound:
    require_log(user)
    try:
        return GarbageRound.objects.select_related("building__compound").get(
            pk=pk, building__in=user.visible_buildings()
        )
    except GarbageRound.DoesNotExist:
        raise Http404(_("There is no such garbage round, or it is outside your scope.")) from None


def reports_for_user(user: User) -> list[OverflowReport]:
    """Residents' reports still waiting for a round, in this person's scope."""
    require_log(user)
    return list(
        OverflowReport.objects.unresolved()
        .filter(user.in_scope("building", compound="compound"))
        .filter(Q(area__isnull=True) | Q(area__in=Area.objects.filter(area_scope(user))))
        .select_related("building", "area__building", "household__unit__building", "request")
        .order_by("created_at")[:100]
    )


ROOM = re.compile(
    r"(?:(?P<unit>[0-9A-Za-z]{1,4})\s*(?:-|单元|门)\s*)?(?P<room>[0-9]{1,5})\s*(?:室|号)?"
)


def find_household_in_building(building: Building, text: str) -> Household:
    """The household typed as 501, 2-501 or 2单元501, in this building; else a clear refusal."""
    typed = to_halfwidth(text or "").strip()
    match = ROOM.fullmatch(typed)
    if not match:
        raise ValidationError(_("Type the room, such as 501 or 2-501."))
    households = Household.objects.filter(unit__building=building, room=match["room"])
    if match["unit"]:
        households = households.filter(unit__number=match["unit"])
    found = list(households.select_related("unit__building")[:2])
    if not found:
        raise ValidationError(
            _("There is no room %(room)s in %(building)s.") % {"room": typed, "building": building}
        )
    if len(found) > 1:
        raise ValidationError(
            _("Room %(room)s is in several units: type the unit too, such as 2-%(room)s.")
            % {"room": match["room"]}
        )
    return found[0]
