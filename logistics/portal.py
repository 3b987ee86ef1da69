"""Deliveries, on the household's page: what arrived at the gate for it, and what is at the door.

Parents did not know their children had ordered for them (a real complaint in 2022): the card
says what came, from whom, and where it is now.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logistics.corner import OPEN_SHOWN
from logistics.models import Item, Offer, Status
from portal.sections import Section
from registry.models import Household

SHOWN_DAYS = 3


def deliveries(household: Household) -> list[Item]:
    since = timezone.now() - timedelta(days=SHOWN_DAYS)
    return list(
        Item.objects.filter(household=household)
        .filter(received_at__gte=since)
        .exclude(status__in=[Status.RETURNED, Status.DISPOSED])
        .prefetch_related("handoffs")
        .order_by("-received_at")[:30]
    )


def deliveries_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    return {"items": deliveries(household), "delivered": Status.DELIVERED}


def corner_card(request: HttpRequest, household: Household) -> dict[str, Any]:
    offers = Offer.objects.filter(compound=household.unit.building.compound_id)
    return {
        "open": offers.filter(status=Offer.Status.OPEN).exclude(household=household)
        .select_related("household__unit__building")[:OPEN_SHOWN],
        "mine": offers.filter(household=household).exclude(status=Offer.Status.WITHDRAWN)[:20],
        "taken": offers.filter(taker=household)[:20],
    }  # fmt: skip


def on_the_way(household: Household) -> int:
    return Item.objects.filter(household=household).on_the_way().count()


SECTION = Section(
    key="deliveries",
    title=_("Deliveries"),
    order=20,
    card="logistics/_portal_card.html",
    urls="logistics.portal_urls",
    context=deliveries_card,
    waiting=on_the_way,
)


CORNER = Section(
    key="corner",
    title=_("Donation corner"),
    order=25,
    card="logistics/_corner_card.html",
    urls="logistics.corner_urls",
    context=corner_card,
)
