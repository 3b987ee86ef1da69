"""The gate's pages: receive, shelf, sorting, an item, a building's run sheet, the sweep."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import require
from accounts.http import staff
from accounts.models import User
from helpdesk.access import get_request_for_user
from helpdesk.uploads import serve_image
from lib.ids import parse_id
from linli.errors import Conflict, message_of
from logistics import actions, pdfs
from logistics import corner as corner_actions
from logistics.access import (
    find_item_by_code,
    gate_compounds,
    get_gate_for_user,
    get_item_for_user,
    items_for_user,
)
from logistics.capabilities import SET_GATE_RULES
from logistics.forms import DeliverForm, ReceiveForm, RulesForm, ShelfCloseForm
from logistics.models import RELAY, GateRules, Item, Kind, Offer, Status
from logistics.run_sheet import run_sheet
from registry.access import get_building_for_user, get_household_for_user
from registry.models import Building, Compound, Household
from registry.search import search_households

RECENT = 10


def _gate(request: HttpRequest) -> Compound:
    return get_gate_for_user(staff(request), parse_id(request.GET.get("compound")))


@login_required
def gate(request: HttpRequest) -> HttpResponse:
    """Log an arriving item: the form is ready again at once for the next."""
    user = staff(request)
    compound = _gate(request)
    kind = request.GET.get("kind")  # the last item's kind: a run of meals is one tap each
    initial = {"kind": kind} if kind in Kind.values else None
    form = ReceiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.receive_item(
                user=user, compound=compound, **form.cleaned_data,
                household=_picked_household(request),
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if item.household:
                messages.success(
                    request, _("%(code)s logged for %(place)s, %(slot)s.")
                    % {"code": item.code, "place": item.place, "slot": item.slot_label},
                )  # fmt: skip
            else:
                messages.warning(
                    request, _("%(code)s is on the unaddressed shelf: no single household fits "
                               "the label. Write the code on it and put it on the shelf.")
                    % {"code": item.code},
                )  # fmt: skip
            return redirect(
                f"{reverse('gate')}?compound={compound.pk}&last={item.pk}&kind={item.kind}"
            )
    recent = (
        Item.objects.filter(compound=compound, received_by=user)
        .select_related("household__unit__building")
        .order_by("-received_at")[:RECENT]
    )
    context = {
        "compound": compound, "form": form, "recent": recent,
        "shelf": Item.objects.filter(compound=compound).on_shelf().count(),
        "last": parse_id(request.GET.get("last")),
    }  # fmt: skip
    status = 400 if form.is_bound else 200  # a POST that got here was refused
    return render(request, "logistics/gate.html", context, status=status)


def _picked_household(request: HttpRequest) -> Household | None:
    pk = parse_id(request.POST.get("household"))
    return get_household_for_user(staff(request), pk) if pk else None


@login_required
def shelf(request: HttpRequest) -> HttpResponse:
    compound = _gate(request)
    items = Item.objects.filter(compound=compound).on_shelf().order_by("received_at")
    return render(
        request,
        "logistics/shelf.html",
        {"compound": compound, "items": items[:500], "now": timezone.now()},
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    item = get_item_for_user(user, pk)
    query = request.GET.get("q", "").strip()
    matches = []
    if item.status == Status.SHELF and query:
        matches = [h for h in search_households(user, query)
                   if h.unit.building.compound_id == item.compound_id]  # fmt: skip
    context = {
        "item": item, "handoffs": item.handoffs.select_related("by"),
        "next_steps": _next_steps(item), "query": query, "matches": matches,
        "close_form": ShelfCloseForm(), "deliver_form": DeliverForm(),
    }  # fmt: skip
    return render(request, "logistics/item.html", context)


def _next_steps(item: Item) -> list[tuple[str, Any]]:
    if item.status not in RELAY[:-1]:
        return []
    return [(stage, Status(stage).label) for stage in RELAY[RELAY.index(Status(item.status)) + 1 :]]


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """A tap on the next step (or the door, with an optional photo)."""
    user = staff(request)
    item = get_item_for_user(user, pk)
    form = DeliverForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("gate_item", pk=item.pk)
    stage = request.POST.get("stage", "")
    try:
        actions.hand_off(user=user, item=item, stage=stage, photo=form.cleaned_data.get("photo"))
    except (Conflict, ValidationError) as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(
            request,
            _("%(code)s: %(status)s.") % {"code": item.code, "status": item.get_status_display()},
        )
    return redirect(_back(request, item))


def _back(request: HttpRequest, item: Item) -> str:
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back
    return reverse("gate_item", args=[item.pk])


@login_required
@require_POST
def scan(request: HttpRequest) -> HttpResponse:
    """A code scanned or typed, and the step it reached."""
    user = staff(request)
    code = request.POST.get("code", "")
    item = find_item_by_code(user, code)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("gate_sorting")
    if not code.strip():
        messages.error(request, _("Scan or type a code first."))
        return redirect(back)
    if item is None:
        messages.error(request, _("No item with the code “%(code)s” here.") % {"code": code[:20]})
        return redirect(back)
    if not request.POST.get("stage"):
        return redirect("gate_item", pk=item.pk)
    try:
        actions.hand_off(user=user, item=item, stage=request.POST["stage"])
    except (Conflict, ValidationError) as exc:
        messages.error(
            request, _("%(what)s: %(problem)s") % {"what": item.code, "problem": message_of(exc)}
        )
    else:
        messages.success(
            request,
            _("%(code)s: %(status)s.") % {"code": item.code, "status": item.get_status_display()},
        )
    return redirect(back)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    item = get_item_for_user(user, pk)
    household = get_household_for_user(user, parse_id(request.POST.get("household")) or 0)
    try:
        actions.resolve_item(user=user, item=item, household=household)
    except (Conflict, ValidationError) as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(
            request,
            _("%(code)s is for %(place)s now.") % {"code": item.code, "place": household.address},
        )
    return redirect("gate_item", pk=item.pk)


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    item = get_item_for_user(user, pk)
    form = ShelfCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why: who took it back, or why it was thrown away."))
        return redirect("gate_item", pk=item.pk)
    try:
        actions.close_shelf_item(user=user, item=item, **form.cleaned_data)
    except (Conflict, ValidationError) as exc:
        messages.error(request, message_of(exc))
    else:
        messages.success(
            request,
            _("%(code)s: %(status)s.") % {"code": item.code, "status": item.get_status_display()},
        )
    return redirect("gate_item", pk=item.pk)


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    return serve_image(get_item_for_user(staff(request), pk).photo)


@login_required
@require_POST
def link_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    item = get_item_for_user(user, pk)
    help_request = get_request_for_user(user, parse_id(request.POST.get("request")) or 0)
    try:
        actions.link_request(user=user, item=item, request=help_request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("gate_item", pk=item.pk)


@login_required
def sorting(request: HttpRequest) -> HttpResponse:
    """Per grid and building: what waits at each step, the oldest, what is overdue."""
    user = staff(request)
    now = timezone.now()
    rows = items_for_user(user).by_building(now)
    return render(request, "logistics/sorting.html", {"rows": rows, "now": now})


def _building_items(user: User, building: Building) -> list[Item]:
    return list(
        items_for_user(user)
        .on_the_way()
        .filter(building=building)
        .select_related("household__unit")
        .order_by("household__unit__number", "household__floor", "household__room", "due_at")
    )


@login_required
def building(request: HttpRequest, pk: int) -> HttpResponse:
    """A building's items still to go up, as its run sheet, with a tap for each step."""
    user = staff(request)
    place = get_building_for_user(user, pk)
    sheet = run_sheet(place, _building_items(user, place))
    # 2,000 items on one page: their links are the prefix and the id, not a reverse() each.
    items_url = reverse("gate_item", args=[1]).removesuffix("1/")
    context = {"sheet": sheet, "building": place, "now": timezone.now(), "items_url": items_url}
    return render(request, "logistics/building.html", context)


@login_required
def sweep(request: HttpRequest) -> HttpResponse:
    """The evening sweep: everything not yet at a door, by building, oldest first."""
    user = staff(request)
    now = timezone.now()
    items = (
        items_for_user(user).not_at_door()
        .select_related("building", "household__unit__building", "holder")
        .order_by("building__number", "received_at")
    )  # fmt: skip
    return render(
        request,
        "logistics/sweep.html",
        {"items": items[:2000], "now": now, "overnight": now - timedelta(hours=12)},
    )


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    """The compound's delivery slots, evening sweep and cut-off (its admin edits them)."""
    user = staff(request)
    compound = _gate(request)
    require(user, SET_GATE_RULES, _("Only the community admin sets the gate's times."))
    current = GateRules.for_compound(compound)
    initial = {"sweep_at": current.sweep_at, "cutoff_at": current.cutoff_at,
               "at_once_minutes": current.at_once_minutes}  # fmt: skip
    form = RulesForm(request.POST or None, initial=initial, slots=current.slots)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.save_gate_rules(
                user=user, compound=compound, slots=data["slots"], sweep_at=data["sweep_at"],
                cutoff_at=data["cutoff_at"], at_once_minutes=data["at_once_minutes"],
            )  # fmt: skip
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The gate's times are saved."))
            return redirect("gate_rules")
    status = 400 if form.is_bound else 200
    return render(
        request, "logistics/rules.html", {"form": form, "compound": compound}, status=status
    )


@login_required
def corner(request: HttpRequest) -> HttpResponse:
    """The donation corner: what neighbours asked for, waiting for somebody to carry it."""
    compound = _gate(request)
    offers = Offer.objects.filter(
        compound=compound, status__in=[Offer.Status.ASKED, Offer.Status.OPEN]
    )
    offers = offers.select_related("household__unit__building", "taker__unit__building")
    return render(request, "logistics/corner.html", {"compound": compound, "offers": offers[:200]})


@login_required
@require_POST
def corner_move(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    compounds = [c.pk for c in gate_compounds(user)]
    offer = (
        Offer.objects.filter(pk=pk, compound__in=compounds)
        .select_related("household__unit__building", "taker")
        .first()
    )
    if offer is None:
        raise Http404(_("There is no such offer, or it is outside your scope."))
    try:
        item = corner_actions.move(user=user, offer=offer)
    except (Conflict, ValidationError) as exc:
        messages.error(request, message_of(exc))
        return redirect("gate_corner")
    messages.success(
        request,
        _("%(code)s: fetch it from %(from)s and bring it to %(to)s.")
        % {"code": item.code, "from": offer.household.address, "to": item.place},
    )
    return redirect("gate_item", pk=item.pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def item_label(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_item_for_user(staff(request), pk)
    return _pdf(
        pdfs.labels([item], one_per_page=request.GET.get("printer") == "1"), f"{item.code}.pdf"
    )


@login_required
def run_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    place = get_building_for_user(user, pk)
    sheet = run_sheet(place, _building_items(user, place))
    return _pdf(pdfs.run_sheet_pdf(sheet), f"run-sheet-{place.pk}.pdf")


@login_required
@require_POST
def building_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A tap on the run sheet: "<item>:<stage>", one item's next step."""
    user = staff(request)
    place = get_building_for_user(user, pk)
    item_pk, _sep, stage = request.POST.get("step", "").partition(":")
    item = get_item_for_user(user, parse_id(item_pk) or 0)
    if item.building_id != place.pk:
        raise Http404(_("There is no such item, or it is outside your scope."))
    try:
        actions.hand_off(user=user, item=item, stage=stage)
    except (Conflict, ValidationError) as exc:
        messages.error(
            request, _("%(what)s: %(problem)s") % {"what": item.code, "problem": message_of(exc)}
        )
    else:
        messages.success(
            request,
            _("%(code)s: %(status)s.") % {"code": item.code, "status": item.get_status_display()},
        )
    return redirect("gate_building", pk=place.pk)
