"""The money pages: who owes, who holds what, a volunteer's day, a household's entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import require
from accounts.http import staff
from accounts.models import User
from ledger import actions, balances
from ledger.capabilities import HANDLE_MONEY
from linli.errors import message_of
from logistics.addressing import find_recipient
from registry.access import get_household_for_user, visible_compounds
from registry.models import Compound, Household


def _compound(user: User, request: HttpRequest) -> Compound:
    compounds = visible_compounds(user)
    chosen = request.GET.get("compound") or request.POST.get("compound")
    for compound in compounds:
        if str(compound.pk) == chosen:
            return compound
    if not compounds:
        raise ValidationError(_("You serve no compound."))
    return compounds[0]


def _money_handler(request: HttpRequest) -> tuple[User, Compound]:
    """Who records money, and for which of their compounds."""
    user = staff(request)
    require(user, HANDLE_MONEY, _("You do not handle money."))
    return user, _compound(user, request)


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return timezone.localdate()


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user, compound = _money_handler(request)
    households = Household.objects.filter(user.in_scope("unit__building")).filter(
        unit__building__compound=compound
    )
    day = _day(request.GET.get("day"))
    return render(request, "ledger/overview.html", {
        "compound": compound,
        "compounds": visible_compounds(user),
        "unpaid": balances.unpaid(households),
        "to_refund": balances.to_refund(households),
        "holdings": balances.holdings(compound),
        "statement": balances.statement(compound, user, day),
        "suppliers": balances.suppliers(compound),
        "day": day,
    })  # fmt: skip


@login_required
def household(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    require(user, HANDLE_MONEY, _("You do not handle money."))
    found = get_household_for_user(user, pk)
    return render(request, "ledger/household.html", {
        "household": found,
        "entries": balances.entries_of(found).select_related("recorded_by"),
        "balance": balances.balance_of(found),
    })  # fmt: skip


@require_POST
@login_required
def donation(request: HttpRequest) -> HttpResponse:
    user, compound = _money_handler(request)
    memo = request.POST.get("memo", "").strip()

    def step() -> object:
        if request.POST.get("kind") == "spending":
            if not memo:
                raise ValidationError(_("Say what the money was spent on."))
            return actions.spend_from_fund(
                compound=compound, amount=request.POST.get("amount", ""), recorded_by=user,
                memo=memo, holder=user,
            )  # fmt: skip
        return actions.receive_donation(
            compound=compound, amount=request.POST.get("amount", ""), holder=user, donor=memo,
            reference=request.POST.get("reference", ""), recorded_by=user,
        )  # fmt: skip

    return _record(request, compound, "fund", _("Recorded in the ledger."), step)


def _record(
    request: HttpRequest, compound: Compound, anchor: str, done: str, step: Callable[[], object]
) -> HttpResponse:
    """Record one entry; its outcome is said beside its form, where the redirect lands."""
    try:
        step()
    except ValidationError as exc:
        messages.error(request, message_of(exc), extra_tags=anchor)
    else:
        messages.success(request, done, extra_tags=anchor)
    return redirect(reverse("money") + f"?compound={compound.pk}#{anchor}")


@require_POST
@login_required
def collect(request: HttpRequest) -> HttpResponse:
    """A household hands over money for a supplier paid centrally: a gas-card top-up (seed 000)."""
    user, compound = _money_handler(request)
    where = request.POST.get("where", "").strip()
    found = find_recipient(compound, where, where=where).household if where else None

    def step() -> object:
        if found is None or not user.serves(found.unit.building):
            raise ValidationError(
                _("No household of yours fits “%s”: write building, unit and room, as 3-2-501.")
                % where
            )
        return actions.collect_for_supplier(
            household=found, amount=request.POST.get("amount", ""),
            supplier=request.POST.get("supplier", ""),
            holder=user, reference=request.POST.get("reference", ""), recorded_by=user,
            memo=request.POST.get("memo", "").strip() or _("Gas-card top-up"), topic="gas",
        )  # fmt: skip

    done = _("Recorded: %s paid, to be paid on.") % (found.address if found else "")
    return _record(request, compound, "collect", done, step)


@require_POST
@login_required
def supplier_payment(request: HttpRequest) -> HttpResponse:
    """The holder pays a supplier what was collected for it (one transfer for the round)."""
    user, compound = _money_handler(request)
    return _record(request, compound, "suppliers", _("Recorded in the ledger."), lambda: (
        actions.pay_supplier(
            compound=compound, supplier=request.POST.get("supplier", ""),
            amount=request.POST.get("amount", ""), holder=user,
            reference=request.POST.get("reference", ""), recorded_by=user,
            memo=request.POST.get("memo", "").strip(), at_most_owed=True,
        )
    ))  # fmt: skip
