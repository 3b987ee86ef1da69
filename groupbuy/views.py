"""The group-buy leader's pages: publish, watch the list fill, close, and see every yuan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import can, require
from accounts.http import staff
from accounts.models import User
from groupbuy import actions, outputs
from groupbuy.access import (
    get_offer_for_user,
    get_signup_for_user,
    offers_for_user,
    signups_for_user,
)
from groupbuy.capabilities import RUN_GROUP_BUY, SIGN_UP_BY_PROXY
from groupbuy.forms import ItemFormSet, MoneyForm, OfferForm, ShortageForm
from groupbuy.models import Offer, OfferItem
from ledger import balances
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from logistics.addressing import find_recipient
from registry.access import visible_compounds
from registry.models import Compound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _leader_offer(request: HttpRequest, pk: int) -> tuple[User, Offer]:
    """The offer, for a step only group-buy leaders and admins take."""
    user = staff(request)
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders and admins do this."))
    return user, get_offer_for_user(user, pk)


def _compounds_to_publish(user: User) -> list[Compound]:
    return visible_compounds(user) if can(user, RUN_GROUP_BUY) else []


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    listed = offers_for_user(user).select_related("compound")[:100]
    return render(request, "groupbuy/offers.html", {"offers": listed})


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    require(user, RUN_GROUP_BUY, _("Only group-buy leaders and admins publish offers."))
    compounds = _compounds_to_publish(user)
    form = OfferForm(request.POST or None)
    items = ItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and form.is_valid() and items.is_valid():
        compound = next((c for c in compounds if str(c.pk) == request.POST.get("compound")),
                        compounds[0] if compounds else None)  # fmt: skip
        specs = [
            actions.ItemSpec(
                name=row["name"], spec=row.get("spec") or "", unit=row.get("unit") or "份",
                price=row["price"], case_size=row.get("case_size") or 1,
                limit=row.get("limit"), stock=row.get("stock"),
            )
            for row in items.cleaned_data if row.get("name")
        ]  # fmt: skip
        data = form.cleaned_data
        try:
            if compound is None:
                raise PermissionDenied(_("You serve no compound."))
            made = actions.publish_offer(
                user=user, compound=compound, items=specs, title=data["title"],
                supplier=data["supplier"], buildings=data["buildings"],
                cutoff_at=data["cutoff_at"], delivery_on=data["delivery_on"],
                minimum_kind=data["minimum_kind"], minimum=data["minimum"] or Decimal(0),
                fee=data["fee"] or Decimal(0), fee_split=data["fee_split"], notes=data["notes"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, message_of(exc) if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(
                request, _("Published. Paste the text below into the buildings' groups.")
            )
            return redirect("groupbuy_offer", pk=made.pk)
    status = 400 if form.is_bound else 200
    return render(request, "groupbuy/offer_new.html",
                  {"form": form, "items": items, "compounds": compounds},
                  status=status)  # fmt: skip


def _offer_context(user: User, offer: Offer) -> dict[str, Any]:
    signups = (
        signups_for_user(user, offer).filter(cancelled=False)
        .select_related("household__unit__building", "proxy_by").prefetch_related("lines__item")
    )  # fmt: skip
    households = signups_for_user(user, offer).values("household")
    context: dict[str, Any] = {
        "offer": offer,
        "items": offer.items.annotate(
            signed=Sum("lines__quantity_milli", filter=Q(lines__signup__cancelled=False))
        ),
        "signups": signups,
        "siblings": offer.siblings().exclude(pk=offer.pk).select_related("compound"),
        "offer_text": outputs.offer_text(offer),
        "list_text": outputs.list_text(offer, signups_for_user(user, offer)),
        "may_run": can(user, RUN_GROUP_BUY),
        "may_proxy": can(user, SIGN_UP_BY_PROXY),
    }
    if offer.status in (Offer.Status.CONFIRMED, Offer.Status.DELIVERED):
        context["order"] = outputs.order_lines(offer)
        signup_of = dict(offer.signups.values_list("household", "pk"))
        context["unpaid"] = balances.unpaid(_households(households), offer.topic)
        context["to_refund"] = balances.to_refund(_households(households), offer.topic)
        for owing in [*context["unpaid"], *context["to_refund"]]:
            owing.signup_pk = signup_of.get(owing.household.pk)
        context["totals"] = balances.totals(offer.compound_id, offer.topic)
    return context


def _households(values: Any) -> Any:
    from registry.models import Household

    return Household.objects.filter(pk__in=values)


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    offer = get_offer_for_user(user, pk)
    return render(request, "groupbuy/offer.html", _offer_context(user, offer))


def _back(offer: Offer, anchor: str = "") -> HttpResponse:
    response = redirect("groupbuy_offer", pk=offer.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _run(request: HttpRequest, offer: Offer, done: str, anchor: str, step: Any) -> HttpResponse:
    """Do one leader's step; its outcome is shown on the offer's page, in words, at the anchor."""
    try:
        step()
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc), extra_tags=anchor)
    else:
        messages.success(request, done, extra_tags=anchor)
    return _back(offer, anchor)


@require_POST
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    if offer.is_open and not request.POST.get("early"):
        # Closing cannot be undone: before the cut-off, the leader says so in so many words.
        at = timezone.localtime(offer.cutoff_at).strftime("%m-%d %H:%M")
        messages.error(
            request, _("The list is open until %s: tick “close it now” to cut off early.") % at
        )
        return _back(offer)
    try:
        outcome = actions.close(user=user, offer=offer)
    except (ValidationError, Conflict) as exc:
        messages.error(request, message_of(exc))
        return _back(offer)
    if outcome.went_ahead:
        messages.success(request, _("Closed: the minimum is reached and the order can go out."))
    else:
        messages.warning(request, " ".join(outcome.reasons))
    return _back(offer)


@require_POST
@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    code = request.POST.get("code", "")
    return _run(request, offer, _("Merged: the supplier gets one order for both compounds."),
                "merge", lambda: actions.merge(user=user, offer=offer, code=code))  # fmt: skip


@login_required
def proxy(request: HttpRequest, pk: int) -> HttpResponse:
    """A volunteer signs up a household without a smartphone; the leader adds a late one."""
    user = staff(request)
    require(user, SIGN_UP_BY_PROXY, _("You do not sign households up."))
    offer = get_offer_for_user(user, pk)
    items = list(offer.items.all())
    for item in items:  # what was typed stays in the form when it is refused
        item.typed = request.POST.get(f"item-{item.pk}", "")  # type: ignore[attr-defined]
        item.typed_more = request.POST.get(f"more-{item.pk}", "")  # type: ignore[attr-defined]
    context = {"offer": offer, "items": items, "may_run": can(user, RUN_GROUP_BUY)}
    if request.method != "POST":
        return render(request, "groupbuy/proxy.html", context)
    where = request.POST.get("where", "").strip()
    found = find_recipient(offer.compound, where, where=where) if where else None
    household = found.household if found else None
    error = ""
    if household is None:
        error = (
            _("No single household fits “%s”: write building, unit and room, as 3-2-501.") % where
        )
    elif not user.serves(household.unit.building):
        error = (
            _(
                "%s is not in the buildings you serve: its own building's volunteer or the "
                "group-buy leader signs it up."
            )
            % household.address
        )
    else:
        quantities = {item.pk: request.POST.get(f"item-{item.pk}", "") for item in items}
        tolerances = {item.pk: request.POST.get(f"more-{item.pk}", "") for item in items}
        late = request.POST.get("late_reason", "")
        if offer.status == Offer.Status.OPEN and not offer.is_open and not late.strip():
            error = (
                _("The cut-off has passed: say why this household is added late.")
                if context["may_run"]
                else _("The cut-off has passed: only the group-buy leader adds a late sign-up.")
            )
            context.update(error=error, post=request.POST)
            return render(request, "groupbuy/proxy.html", context, status=400)
        try:
            actions.sign_up(
                offer=offer, household=household, quantities=quantities, tolerances=tolerances,
                proxy_by=user, late_reason=late, leader=user if late else None,
            )  # fmt: skip
        except (ValidationError, Conflict, PermissionDenied) as exc:
            error = message_of(exc) if not isinstance(exc, PermissionDenied) else str(exc)
        else:
            messages.success(
                request, _("%s is on the list.") % household.address, extra_tags="list"
            )
            return _back(offer, "list")
    return render(request, "groupbuy/proxy.html", {**context, "error": error, "post": request.POST},
                  status=400)  # fmt: skip


@require_POST
@login_required
def paid(request: HttpRequest, pk: int, signup: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    found = get_signup_for_user(user, offer, signup)
    form = MoneyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the amount in yuan, as 12.50."), extra_tags="money")
        return _back(offer, "money")
    data = form.cleaned_data
    return _run(request, offer, _("%s: payment recorded.") % found.household.address, "money",
                lambda: actions.mark_paid(user=user, signup=found, amount=data["amount"],
                                          reference=data["reference"]))  # fmt: skip


@require_POST
@login_required
def shortage(request: HttpRequest, pk: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    form = ShortageForm(request.POST)
    item_pk = parse_id(request.POST.get("item"))
    item = OfferItem.objects.filter(offer=offer, pk=item_pk).first() if item_pk else None
    if not form.is_valid() or item is None:
        messages.error(
            request, _("Say which item, how much did not come and what happened."),
            extra_tags="money",
        )  # fmt: skip
        return _back(offer, "money")
    data = form.cleaned_data
    return _run(request, offer, _("Shortage recorded; the households are credited."), "money",
                lambda: actions.record_shortage(user=user, offer=offer, item=item,
                                                short=data["short"],
                                                reason=data["reason"]))  # fmt: skip


@require_POST
@login_required
def refund(request: HttpRequest, pk: int, signup: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    found = get_signup_for_user(user, offer, signup)
    form = MoneyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the amount in yuan, as 12.50."), extra_tags="money")
        return _back(offer, "money")
    data = form.cleaned_data
    return _run(request, offer, _("%s: refund recorded.") % found.household.address, "money",
                lambda: actions.refund(user=user, offer=offer, household=found.household,
                                       amount=data["amount"],
                                       reference=data["reference"]))  # fmt: skip


@require_POST
@login_required
def to_gate(request: HttpRequest, pk: int) -> HttpResponse:
    user, offer = _leader_offer(request, pk)
    if offer.status not in (Offer.Status.CONFIRMED, Offer.Status.DELIVERED):
        messages.error(request, _("Only an order that went ahead is received at the gate."))
        return _back(offer)
    try:
        result = outputs.to_gate(offer, user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, message_of(exc) if isinstance(exc, ValidationError) else str(exc))
        return _back(offer)
    return redirect("gate_batch", pk=result.batch.pk)


def _download(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def order_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(staff(request), pk)
    return _download(outputs.order_sheet_xlsx(offer), f"order-{offer.pk}.xlsx",
                     XLSX)  # fmt: skip


@login_required
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    offer = get_offer_for_user(user, pk)
    return _download(
        outputs.order_sheet_pdf(offer, user), f"order-{offer.pk}.pdf", "application/pdf"
    )


@login_required
def picks_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    offer = get_offer_for_user(user, pk)
    body = outputs.pick_lists_pdf(offer, user, signups_for_user(user, offer))
    return _download(body, f"picks-{offer.pk}.pdf", "application/pdf")
