"""Stock and donations: what is on hand at each post, what came in, what went out."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import staff
from helpdesk.intake import find_households
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from logistics import stock
from logistics.access import get_gate_for_user
from logistics.forms import DonationForm, IssueForm, LowLevelForm
from logistics.models import Donation
from registry.models import Compound


def _refused(form: forms.Form, headline: str) -> ValidationError:
    """The headline and each field's problem, by its label: the form is not shown again."""
    problems = [
        _("%(what)s: %(problem)s") % {"what": form[name].label, "problem": problem}
        for name, errors in form.errors.items() if name in form.fields
        for problem in errors
    ]  # fmt: skip
    return ValidationError(" ".join([headline, *problems, *form.non_field_errors()]))


@login_required
def stock_page(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compound = get_gate_for_user(user, parse_id(request.GET.get("compound")))
    context = {
        "compound": compound, "lines": stock.stock_lines(compound),
        "donation_form": DonationForm(), "issue_form": IssueForm(), "low_form": LowLevelForm(),
        "donations": Donation.objects.filter(compound=compound)
        .prefetch_related("moves__stock").order_by("-received_at")[:20],
    }  # fmt: skip
    return render(request, "logistics/stock.html", context)


@login_required
@require_POST
def donation_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compound = get_gate_for_user(user, parse_id(request.GET.get("compound")))
    form = DonationForm(request.POST)
    try:
        if not form.is_valid():
            raise _refused(form, _("Check the donation's fields."))
        data = form.cleaned_data
        goods = []
        if data["article"]:
            goods.append({
                "article": data["article"], "quantity": data["quantity"] or 0,
                "unit": data["unit"] or "件", "expires_on": data["expires_on"],
            })  # fmt: skip
        stock.receive_donation(
            user=user, compound=compound, donor=data["donor"],
            donor_is_resident=data["donor_is_resident"], goods=goods,
            amount=data["amount"] or Decimal(0), post=data["post"],
        )  # fmt: skip
    except ValidationError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("The donation is recorded."))
    return redirect("gate_stock")


@login_required
@require_POST
def issue(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compound = get_gate_for_user(user, parse_id(request.GET.get("compound")))
    form = IssueForm(request.POST)
    try:
        if not form.is_valid():
            raise _refused(form, _("Check the issue's fields."))
        data = form.cleaned_data
        household = None
        if data["where"]:
            found = [h for h in find_households(user, data["where"])
                     if h.unit.building.compound_id == compound.pk]  # fmt: skip
            if len(found) != 1:
                raise ValidationError(
                    _("No single household at “%(where)s”.") % {"where": data["where"]}
                )
            household = found[0]
        stock.issue(
            user=user, compound=compound, article=data["article"],
            quantity=stock.quantity_of(data["quantity"]), post=data["post"], household=household,
            issued_to=data["issued_to"],
        )  # fmt: skip
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Issued."))
    return redirect("gate_stock")


def public(request: HttpRequest, pk: int) -> HttpResponse:
    """For everybody, without logging in: what came in, what went out, what is left."""
    compound = get_object_or_404(Compound, pk=pk)
    return render(request, "logistics/public.html",
                  {"compound": compound, "summary": stock.public_summary(compound)})  # fmt: skip


@login_required
@require_POST
def low_level(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    compound = get_gate_for_user(user, parse_id(request.GET.get("compound")))
    form = LowLevelForm(request.POST)
    try:
        if not form.is_valid():
            raise _refused(form, _("Check the fields."))
        data = form.cleaned_data
        stock.set_low_level(user=user, compound=compound, article=data["article"],
                            post=data["post"], level=data["level"])  # fmt: skip
    except ValidationError as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("gate_stock")
