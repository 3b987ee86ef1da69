"""The donation corner (爱心角, seed 002): neighbours share what they can spare."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from linli.errors import Conflict
from logistics import actions
from logistics.models import Item, Kind, Offer, Source
from registry.models import Household

OPEN_SHOWN = 50


def offer(*, household: Household, text: str) -> Offer:
    text = text.strip()[:200]
    if not text:
        raise ValidationError(_("Say what you can give."))
    if Offer.objects.filter(household=household, status=Offer.Status.OPEN).count() >= 10:
        raise ValidationError(_("You have 10 offers open already."))
    return Offer.objects.create(
        compound=household.unit.building.compound, household=household, text=text
    )


def ask_for(*, household: Household, offer: Offer) -> Offer:
    """Of two households asking at once, one gets it; the other is told."""
    if offer.household_id == household.pk:
        raise ValidationError(_("This is your own offer."))
    if offer.compound_id != household.unit.building.compound_id:
        raise PermissionDenied(_("This offer is from another compound."))
    changed = Offer.objects.filter(pk=offer.pk, status=Offer.Status.OPEN).update(
        status=Offer.Status.ASKED, taker=household, asked_at=timezone.now()
    )
    offer.refresh_from_db()
    if not changed:
        raise Conflict(_("Somebody asked for it first."))
    return offer


def withdraw(*, household: Household, offer: Offer) -> Offer:
    if offer.household_id != household.pk:
        raise PermissionDenied(_("This is not your offer."))
    if not Offer.objects.filter(pk=offer.pk, status=Offer.Status.OPEN).update(
        status=Offer.Status.WITHDRAWN
    ):
        raise Conflict(_("A neighbour has asked for it already: a volunteer will come for it."))
    offer.refresh_from_db()
    return offer


def move(*, user: User, offer: Offer) -> Item:
    """A volunteer fetches it from the giver: from here it is an ordinary delivery."""
    if offer.taker is None:
        raise ValidationError(_("Nobody has asked for this yet."))
    with transaction.atomic():
        if not Offer.objects.filter(pk=offer.pk, status=Offer.Status.ASKED).update(
            status=Offer.Status.MOVED
        ):
            raise Conflict(_("Somebody is moving it already."))
        giver = offer.household.unit.building.label
        item = actions.receive_item(
            user=user, compound=offer.compound, kind=Kind.DONATION, source=Source.NEIGHBOUR,
            sender=_("donation corner, from %(place)s") % {"place": giver},
            label_text=offer.text, household=offer.taker,
        )  # fmt: skip
        Offer.objects.filter(pk=offer.pk).update(item=item)
    return item
