"""Permission-checked getters for group buying: every query starts from the user.

A leader sees the offers of the compounds they serve (a building's 团长: those of their
compound); the households on an offer are those of their scope. A merged offer's partners are
never listed household by household: only their compound's totals appear on the order.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from groupbuy.models import Offer, SignUp
from registry.access import visible_compounds


def offers_for_user(user: User) -> QuerySet[Offer]:
    return Offer.objects.filter(compound__in=[c.pk for c in visible_compounds(user)])


def get_offer_for_user(user: User, pk: int) -> Offer:
    offer = offers_for_user(user).select_related("compound", "leader", "merged").filter(pk=pk)
    found = offer.first()
    if found is None:
        # "offer" is also the donation corner's (分享): the context keeps the two apart.
        raise Http404(pgettext("group buy", "There is no such offer, or it is outside your scope."))
    return found


def signups_for_user(user: User, offer: Offer) -> QuerySet[SignUp]:
    """The offer's households that this person may see (and chase for payment)."""
    return offer.signups.filter(user.in_scope("household__unit__building"))


def get_signup_for_user(user: User, offer: Offer, pk: int) -> SignUp:
    found = signups_for_user(user, offer).select_related("household__unit__building").filter(pk=pk)
    signup = found.first()
    if signup is None:
        raise Http404(_("There is no such sign-up, or it is outside your scope."))
    return signup
