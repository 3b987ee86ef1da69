"""Group buys on the household's page: what is open, what it signed up for, what it owes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groupbuy.models import Offer, SignUp
from ledger.balances import household_balances
from portal.sections import Section
from registry.models import Household

SHOWN = 10


def _open_for(household: Household) -> list[Offer]:
    building = household.unit.building
    offers = Offer.objects.open().filter(compound=building.compound_id).prefetch_related("items")
    from groupbuy.actions import eligible_buildings

    return [
        offer for offer in offers[:SHOWN]
        if not offer.buildings or building.pk in {
            b.pk for b in eligible_buildings(offer.compound, offer.buildings)}
    ]  # fmt: skip


def groupbuy_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    offers = _open_for(household)
    mine = {
        s.offer_id: s
        for s in SignUp.objects.filter(household=household, cancelled=False)
        .prefetch_related("lines__item")
    }  # fmt: skip
    for offer in offers:
        signup = mine.get(offer.pk)
        have = {line.item_id: line for line in signup.lines.all()} if signup else {}
        offer.rows = [(item, have.get(item.pk)) for item in offer.items.all()]  # type: ignore[attr-defined]
        offer.mine = signup  # type: ignore[attr-defined]
    now = timezone.now()
    # Closed in the last fortnight, or past the cut-off and waiting for the leader to close it.
    recent = (
        SignUp.objects.filter(household=household, cancelled=False)
        .filter(
            Q(offer__closed_at__gte=now - timedelta(days=14))
            & ~Q(offer__status=Offer.Status.OPEN)
            | Q(offer__status=Offer.Status.OPEN, offer__cutoff_at__lte=now)
        )
        .select_related("offer__leader").prefetch_related("lines__item")[:SHOWN]
    )  # fmt: skip
    owes = {}
    for signup in recent:
        owes[signup.pk] = household_balances([household.pk], signup.offer.topic).get(household.pk)
        signup.owes = owes[signup.pk]  # type: ignore[attr-defined]
    return {"offers": offers, "recent": recent}


def waiting(household: Household) -> int:
    building = household.unit.building
    return (
        Offer.objects.open().filter(compound=building.compound_id)
        .exclude(Q(signups__household=household) & Q(signups__cancelled=False)).count()
    )  # fmt: skip


SECTION = Section(
    key="groupbuy",
    title=_("Group buying"),
    order=30,
    card="groupbuy/_portal_card.html",
    urls="groupbuy.portal_urls",
    context=groupbuy_card,
    waiting=waiting,
)
