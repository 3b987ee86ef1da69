"""Permission-checked getters for the gate: every query starts from the user.

Who serves a compound works its gate and sees its shelf; a grid or building volunteer sees the
items of their grids and buildings only. Out of scope is the same as not there: a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.capabilities import can, require
from accounts.models import User
from logistics.capabilities import RECEIVE_GOODS
from logistics.models import Item, ItemQuerySet
from registry.models import Compound


def gate_compounds(user: User) -> list[Compound]:
    """The compounds whose gate this person works: those they serve as a whole."""
    if not can(user, RECEIVE_GOODS):
        return []
    compounds = Compound.objects.order_by("name")
    if not user.is_superuser:
        compounds = compounds.filter(pk__in=user.scope.compounds)
    return list(compounds)


def get_gate_for_user(user: User, pk: int | None = None) -> Compound:
    """The compound of the gate page: the one asked for, or the person's only one."""
    compounds = gate_compounds(user)
    if pk is not None:
        for compound in compounds:
            if compound.pk == pk:
                return compound
        raise Http404(_("There is no such gate, or it is outside your scope."))
    if not compounds:
        raise PermissionDenied(
            _("The gate is worked by volunteers who serve the whole compound; ask your leader.")
        )
    return compounds[0]


def items_for_user(user: User) -> ItemQuerySet:
    require(user, RECEIVE_GOODS, _("You do not carry goods."))
    return Item.objects.for_user(user)


def get_item_for_user(user: User, pk: int) -> Item:
    try:
        return (
            items_for_user(user).select_related("household__unit__building", "compound").get(pk=pk)
        )
    except Item.DoesNotExist:
        raise Http404(_("There is no such item, or it is outside your scope.")) from None


def find_item_by_code(user: User, code: str) -> Item | None:
    """A scanned or typed code (spaces, lower case and the QR's prefix forgiven)."""
    code = code.strip().upper().removeprefix("LINLI:").replace(" ", "")[:8]
    if not code:
        return None
    return (
        items_for_user(user).select_related("household__unit__building").filter(code=code).first()
    )
