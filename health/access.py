"""Permission-checked getters for health rounds: every query starts from the user.

A round belongs to a compound: whoever serves any of its buildings sees the round, but its
roster, counts and missed list only for the buildings they serve (`within`). Nobody in health
rounds sees an ID number; phones are shown in full only to roles that may reveal contacts.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.capabilities import can
from accounts.models import User
from health.capabilities import CHASE_MISSED, CHECK_IN, REPORT_ANTIGEN_BY_PROXY
from health.models import Case, CaseQuerySet, RosterEntry, SamplingPoint, TestRound, Tube
from registry.access import visible_compounds


def rounds_for_user(user: User) -> QuerySet[TestRound]:
    """Rounds of the compounds this person serves, for those who take part in them (the
    sampling team, leaders, the office); none for others, such as a group-buy leader."""
    if not can(user, CHECK_IN):
        return TestRound.objects.none()
    return TestRound.objects.filter(compound__in=[c.pk for c in visible_compounds(user)])


def get_round_for_user(user: User, pk: int) -> TestRound:
    found = rounds_for_user(user).select_related("compound").filter(pk=pk).first()
    if found is None:
        raise Http404(_("There is no such round, or it is outside your scope."))
    return found


def within(user: User) -> Q:
    """The roster rows (or anything with a `building`) this person may see."""
    return user.in_scope("building")


def get_point_for_user(user: User, round: TestRound, pk: int) -> SamplingPoint:
    found = (
        SamplingPoint.objects.filter(round=round, pk=pk).select_related("round__compound").first()
    )
    if found is None:
        raise Http404(_("There is no such sampling point in this round."))
    return found


def get_entry_for_user(user: User, round: TestRound, pk: int) -> RosterEntry:
    found = (
        RosterEntry.objects.filter(round=round, pk=pk)
        .filter(within(user))
        .select_related("resident", "household__unit__building", "building", "unit", "tube__point")
        .first()
    )
    if found is None:
        raise Http404(_("That resident is not on this round's roster, or outside your scope."))
    return found


def get_entry_for_sampler(user: User, round: TestRound, pk: int) -> RosterEntry:
    """An entry of a round the sampler may see (its compound): at a point shared by the whole
    compound, a sampler checks in anyone on the roster, seeing names and rooms only."""
    found = (
        RosterEntry.objects.filter(round=round, pk=pk)
        .select_related("resident", "household__unit__building", "building", "unit", "tube__point")
        .first()
    )
    if found is None:
        raise Http404(_("That resident is not on this round's roster."))
    return found


def get_tube_for_user(user: User, round: TestRound, pk: int) -> Tube:
    found = (
        Tube.objects.filter(round=round, pk=pk).select_related("round__compound", "point").first()
    )
    if found is None:
        raise Http404(_("There is no such tube in this round."))
    return found


def cases_for_user(user: User) -> CaseQuerySet:
    """Cases in this person's buildings, for the leaders and the office only: a volunteer
    learns what to do for a household from its request, not from its medical record."""
    if not can(user, CHASE_MISSED):
        return Case.objects.none()
    return Case.objects.filter(within(user))


def may_see_antigen(user: User) -> bool:
    return can(user, REPORT_ANTIGEN_BY_PROXY) or can(user, CHASE_MISSED)


def require_antigen(user: User) -> None:
    if not may_see_antigen(user):
        raise Http404(_("There is nothing here, or it is outside your scope."))


def get_case_for_user(user: User, pk: int) -> Case:
    found = (
        cases_for_user(user)
        .select_related("resident", "household__unit__building", "compound", "request")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404(_("There is no such case, or it is outside your scope."))
    return found
