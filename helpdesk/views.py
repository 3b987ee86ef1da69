"""Help desk pages for volunteers and leaders: the pool, my tasks, the board, a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.capabilities import LEAD, can
from accounts.http import staff
from accounts.models import User
from helpdesk import actions
from helpdesk.access import get_request_for_user, requests_for_user
from helpdesk.forms import (
    CloseForm,
    NoAnswerForm,
    PurchaseForm,
    ReplyForm,
    RequestForm,
    TransferForm,
)
from helpdesk.models import Category, Purchase, Request, RequestQuerySet, Status, Urgency
from helpdesk.uploads import serve_image
from lib.ids import parse_id, parse_ids
from linli.errors import Conflict
from registry.access import get_household_for_user
from registry.search import search_households
from volunteers.models import WorkingGroup

URGENCY_FIRST = Case(
    When(urgency=Urgency.LIFE, then=Value(0)),
    When(urgency=Urgency.URGENT, then=Value(1)),
    When(urgency=Urgency.NORMAL, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def _listing(requests: RequestQuerySet) -> Any:
    return (
        requests.select_related("household__unit__building", "group", "assignee")
        .annotate(urgency_rank=URGENCY_FIRST)
        .order_by("urgency_rank", "due_at", "pk")
    )


@login_required
def pool(request: HttpRequest) -> HttpResponse:
    """Unclaimed requests of the volunteer's groups and buildings, most urgent first."""
    requests = _listing(requests_for_user(staff(request)).unclaimed())[:200]
    return render(request, "helpdesk/pool.html", {"requests": requests, "now": timezone.now()})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    tasks = (
        Request.objects.open()
        .filter(assignee=user)
        .select_related("household__unit__building")
        .by_due()
    )
    advances = Purchase.objects.filter(advanced_by=user, repaid=False).select_related("request")
    return render(
        request,
        "helpdesk/mine.html",
        {"tasks": tasks, "advances": advances, "now": timezone.now()},
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    return _board(request, staff(request))


def _board(request: HttpRequest, user: User, *, error: str = "", status: int = 200) -> HttpResponse:
    """The leader's view: counts by status, the overdue alarm, and a filtered list.

    A bulk action that cannot be done comes back here with its message and what was ticked.
    """
    if not can(user, LEAD):
        raise PermissionDenied(_("Only group leaders and admins see the board."))
    scope = requests_for_user(user)
    counts = dict(scope.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    overdue = _listing(scope.overdue())[:50]
    listing = scope.open()
    if (wanted := request.GET.get("status")) in Status.values:
        listing = scope.filter(status=wanted)
    if group := request.GET.get("group"):
        group_id = parse_id(group)
        listing = listing.filter(group_id=group_id) if group_id else listing.none()
    if building := request.GET.get("building"):
        listing = listing.filter(household__unit__building__number=building)
    volunteers = (
        User.objects.serving_any(user.visible_buildings())
        .filter(is_active=True)
        .prefetch_related("buildings")[:300]
    )
    groups = WorkingGroup.objects.filter(compound__in=scope.values("compound")).distinct()
    return render(
        request,
        "helpdesk/board.html",
        {
            "groups": groups,
            "filters": request.GET,
            "volunteers": volunteers,
            "counts": [(s, s.label, counts.get(s, 0)) for s in Status],
            "overdue": overdue,
            "requests": _listing(listing)[:200],
            "now": timezone.now(),
            "error": error,
            "ticked": request.POST.getlist("ids"),
            "chosen_volunteer": request.POST.get("volunteer", ""),
        },
        status=status,
    )


def _volunteer(request: HttpRequest) -> User:
    """The volunteer picked in the form; actions.assign_request checks they serve the building."""
    volunteer = User.objects.filter(pk=parse_id(request.POST.get("volunteer")) or 0).first()
    if volunteer is None:
        raise ValidationError(_("Choose a volunteer."))
    return volunteer


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """A leader acts on many requests at once: assign them, or merge duplicates into the first."""
    user = staff(request)
    if not can(user, LEAD):
        raise PermissionDenied(_("Only group leaders and admins act on many requests at once."))
    ids = parse_ids(request.POST.getlist("ids"))
    try:
        if ids is None:
            raise ValidationError(_("Some of the ticked requests are not request numbers."))
        if not ids:
            raise ValidationError(_("Tick some requests first."))
        if len(ids) > 200:
            raise ValidationError(_("At most 200 requests at once."))
        items = list(
            requests_for_user(user).filter(pk__in=ids).select_related("household__unit__building")
        )
        if len(items) != len(ids):
            raise Http404(_("Some of the ticked requests are not in your scope."))
        action = request.POST.get("action")
        if action == "assign":
            volunteer = _volunteer(request)
            actions.assign_requests(requests=items, leader=user, volunteer=volunteer)
            done = _("%(n)s requests given to %(name)s.") % {
                "n": len(items),
                "name": volunteer.name,
            }
        elif action == "merge":
            keep, *duplicates = sorted(items, key=lambda item: item.pk)
            closed = actions.merge_duplicates(leader=user, keep=keep, duplicates=duplicates)
            done = _("%(n)s duplicates closed; #%(pk)s stays open.") % {"n": closed, "pk": keep.pk}
        else:
            raise ValidationError(_("Choose what to do with the ticked requests."))
    except ValidationError as exc:
        return _board(request, user, error=" ".join(exc.messages), status=400)
    messages.success(request, done)
    return redirect("helpdesk_board")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    return _detail(request, user, get_request_for_user(user, pk))


def _detail(
    request: HttpRequest,
    user: User,
    item: Request,
    *,
    error: str = "",
    status: int = 200,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    """The request's page; after a refused change, with its message and the form as typed."""
    volunteers = []
    if can(user, LEAD):
        volunteers = list(
            User.objects.serving(item.household.unit.building).filter(is_active=True)[:100]
        )
    forms: dict[str, Any] = {
        "close_form": CloseForm(),
        "reply_form": ReplyForm(),
        "no_answer_form": NoAnswerForm(),
        "purchase_form": PurchaseForm(),
        "transfer_form": TransferForm(instance=getattr(item, "transfer", None)),
    }
    forms.update(bound or {})
    return render(
        request,
        "helpdesk/detail.html",
        {
            "item": item,
            "events": item.events.select_related("user"),
            "replies": item.replies.all(),
            "purchases": item.purchases.all(),
            **forms,
            "volunteers": volunteers,
            "is_holder": item.assignee_id == user.pk,
            "is_leader": can(user, LEAD),
            "may_call": actions.may_see_contact(user=user, request=item),
            "may_record_money": actions.may_record_money(user=user, request=item),
            "categories": Category.choices,
            "urgencies": Urgency.choices,
            "error": error,
            "now": timezone.now(),
        },
        status=status,
    )


def _act(
    request: HttpRequest,
    pk: int,
    change: Callable[[User, Request], Any],
    *,
    bound: dict[str, Any] | None = None,
) -> HttpResponse:
    """Run one change on a request the user may see.

    A lost race (409) or bad input (400) shows the request's page again with the message and
    the form as it was typed, so nothing typed is lost.
    """
    user = staff(request)
    item = get_request_for_user(user, pk)
    try:
        change(user, item)
    except Conflict as exc:
        item = get_request_for_user(user, pk)
        return _detail(request, user, item, error=str(exc), status=409, bound=bound)
    except ValidationError as exc:
        item = get_request_for_user(user, pk)
        return _detail(request, user, item, error=" ".join(exc.messages), status=400, bound=bound)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("helpdesk_detail", pk=pk)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item: actions.claim_request(request=item, user=user))


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda user, item: actions.acknowledge_request(request=item, user=user)
    )


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item: actions.start_request(request=item, user=user))


def valid(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError with every message for _act's 400."""
    if not form.is_valid():
        # The banner names the field: "答复: 这个字段是必填项。", not the bare message.
        raise ValidationError(
            [
                f"{form.fields[name].label}: {e}" if name in form.fields else str(e)
                for name, errors in form.errors.items()
                for e in errors
            ]
        )
    data: dict[str, Any] = form.cleaned_data
    return data


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)

    def change(user: User, item: Request) -> None:
        actions.close_request(request=item, user=user, **valid(form))

    return _act(request, pk, change, bound={"close_form": form})


@login_required
@require_POST
def no_answer(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoAnswerForm(request.POST)

    def change(user: User, item: Request) -> None:
        actions.record_no_answer(request=item, user=user, **valid(form))

    return _act(request, pk, change, bound={"no_answer_form": form})


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReplyForm(request.POST)

    def change(user: User, item: Request) -> None:
        actions.reply_to_request(request=item, user=user, **valid(form))

    return _act(request, pk, change, bound={"reply_form": form})


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def change(user: User, item: Request) -> None:
        actions.assign_request(request=item, leader=user, volunteer=_volunteer(request))

    return _act(request, pk, change)


@login_required
@require_POST
def purchase(request: HttpRequest, pk: int) -> HttpResponse:
    form = PurchaseForm(request.POST, request.FILES)
    return _act(
        request, pk,
        lambda user, item: actions.record_purchase(request=item, user=user, **valid(form)),
        bound={"purchase_form": form},
    )  # fmt: skip


@login_required
@require_POST
def repaid(request: HttpRequest, pk: int, purchase_pk: int) -> HttpResponse:
    def change(user: User, item: Request) -> None:
        bought = item.purchases.filter(pk=purchase_pk).first()
        if bought is None:
            raise Http404(_("There is no such purchase on this request."))
        reference = request.POST.get("reference", "").strip()[:100]
        actions.mark_repaid(purchase=bought, user=user, reference=reference)

    return _act(request, pk, change)


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or update the green-channel transfer of a medical request."""
    form = TransferForm(request.POST)

    def change(user: User, item: Request) -> None:
        form.instance = getattr(item, "transfer", form.instance)
        valid(form)
        actions.record_transfer(request=item, user=user, form=form)

    return _act(request, pk, change, bound={"transfer_form": form})


@login_required
@require_POST
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    def change(user: User, item: Request) -> None:
        actions.triage_request(
            request=item, user=user, category=request.POST.get("category", ""),
            urgency=request.POST.get("urgency", ""),
        )  # fmt: skip

    return _act(request, pk, change)


@login_required
@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's phone, for the holder and the leaders; every look is logged."""
    user = staff(request)
    item = get_request_for_user(user, pk)
    household = actions.reveal_contact(user=user, request=item)
    return render(request, "helpdesk/_contact.html", {"household": household})


@login_required
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """The photo sent with a request, for those who may see the request."""
    item = get_request_for_user(staff(request), pk)
    return serve_image(item.photo)


@login_required
def receipt(request: HttpRequest, pk: int, purchase_pk: int) -> FileResponse:
    item = get_request_for_user(staff(request), pk)
    bought = item.purchases.filter(pk=purchase_pk).first()
    if bought is None:
        raise Http404(_("There is no such purchase on this request."))
    return serve_image(bought.receipt)


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """A volunteer enters a need for a resident without a smartphone: find the household first."""
    user = staff(request)
    household = None
    if household_id := parse_id(request.GET.get("household") or request.POST.get("household")):
        household = get_household_for_user(user, household_id)
    if household is None:
        query = request.GET.get("q", "").strip()[:100]
        matches = search_households(user, query) if query else []
        return render(request, "helpdesk/new_find.html", {"query": query, "matches": matches})
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item, _created = actions.submit_request(
            household=household, by=user, source="volunteer", **form.cleaned_data
        )
        return redirect("helpdesk_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "helpdesk/new.html", {"household": household, "form": form}, status=status
    )
