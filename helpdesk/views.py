"""Help desk pages for volunteers and leaders: the pool, my tasks, the board, a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.http import staff
from accounts.models import AuditEntry, User, record
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
from helpdesk.models import Purchase, Request, RequestQuerySet, Status, Urgency, WorkingGroup
from registry.access import get_household_for_user
from registry.search import search_households

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
    """The leader's view: counts by status, the overdue alarm, and a filtered list."""
    user = staff(request)
    if not user.leads:
        raise PermissionDenied("只有组长和管理员可以看总览 (leaders only)")
    scope = requests_for_user(user)
    counts = dict(scope.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    overdue = _listing(scope.overdue())[:50]
    listing = scope.open()
    if status := request.GET.get("status"):
        listing = scope.filter(status=status)
    if group := request.GET.get("group"):
        listing = listing.filter(group_id=int(group)) if group.isdecimal() else listing.none()
    if building := request.GET.get("building"):
        listing = listing.filter(household__unit__building__number=building)
    volunteers = (
        User.objects.filter(is_active=True, buildings__in=user.visible_buildings())
        .distinct()
        .order_by("name")[:300]
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
        },
    )


CHOOSE_VOLUNTEER = "请选择志愿者 (choose a volunteer)"


def _volunteer(request: HttpRequest) -> User | None:
    """The volunteer picked in the form; actions.assign checks they serve the building."""
    volunteer_id = request.POST.get("volunteer", "")
    return User.objects.filter(pk=int(volunteer_id) if volunteer_id.isdecimal() else 0).first()


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """A leader acts on many requests at once: assign them, or merge duplicates into the first."""
    user = staff(request)
    if not user.leads:
        raise PermissionDenied("只有组长和管理员可以批量处理 (leaders only)")
    ids = {int(pk) for pk in request.POST.getlist("ids") if pk.isdecimal()}
    if not ids:
        return HttpResponse("请先勾选求助 (tick some requests first)", status=400)
    if len(ids) > 200:
        return HttpResponse("一次最多200条 (at most 200 at once)", status=400)
    items = list(
        requests_for_user(user).filter(pk__in=ids).select_related("household__unit__building")
    )
    if len(items) != len(ids):
        raise Http404("有的求助不存在，或不在您的范围内 (some requests are not in your scope)")
    action = request.POST.get("action")
    if action == "assign":
        volunteer = _volunteer(request)
        if volunteer is None:
            return HttpResponse(CHOOSE_VOLUNTEER, status=400)
        try:
            with transaction.atomic():  # all of them, or none
                for item in items:
                    if item.is_open:
                        actions.assign(request=item, leader=user, volunteer=volunteer)
        except ValidationError as exc:
            return HttpResponse("; ".join(exc.messages), status=400)
    elif action == "merge":
        keep, *duplicates = sorted(items, key=lambda item: item.pk)
        actions.merge_duplicates(leader=user, keep=keep, duplicates=duplicates)
    else:
        return HttpResponse("未知的操作 (unknown action)", status=400)
    return redirect("helpdesk_board")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    item = get_request_for_user(user, pk)
    volunteers = []
    if user.leads:
        volunteers = list(
            User.objects.filter(is_active=True, buildings=item.household.unit.building).order_by(
                "name"
            )[:100]
        )
    return render(
        request,
        "helpdesk/detail.html",
        {
            "item": item,
            "events": item.events.select_related("user"),
            "replies": item.replies.all(),
            "purchases": item.purchases.all(),
            "close_form": CloseForm(),
            "reply_form": ReplyForm(),
            "no_answer_form": NoAnswerForm(),
            "purchase_form": PurchaseForm(),
            "transfer_form": TransferForm(instance=getattr(item, "transfer", None)),
            "volunteers": volunteers,
            "is_holder": item.assignee_id == user.pk,
            "is_leader": user.leads,
            "now": timezone.now(),
        },
    )


def _act(request: HttpRequest, pk: int, change: Callable[[User, Request], Any]) -> HttpResponse:
    """Run one change on a request the user may see; a conflict or bad input is a 409/400."""
    user = staff(request)
    item = get_request_for_user(user, pk)
    try:
        change(user, item)
    except actions.Conflict as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    except ValidationError as exc:
        message = "; ".join(exc.messages)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("helpdesk_detail", pk=pk)


@login_required
@require_POST
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item: actions.claim(request=item, user=user))


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item: actions.acknowledge(request=item, user=user))


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda user, item: actions.start(request=item, user=user))


def valid(form: Any) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError with every message for _act's 400."""
    if not form.is_valid():
        raise ValidationError([str(e) for errors in form.errors.values() for e in errors])
    data: dict[str, Any] = form.cleaned_data
    return data


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    return _act(
        request, pk, lambda user, item: actions.close(request=item, user=user, **valid(form))
    )


@login_required
@require_POST
def no_answer(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoAnswerForm(request.POST)
    return _act(
        request, pk, lambda user, item: actions.no_answer(request=item, user=user, **valid(form))
    )


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReplyForm(request.POST)
    return _act(
        request, pk, lambda user, item: actions.reply(request=item, user=user, **valid(form))
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def change(user: User, item: Request) -> None:
        volunteer = _volunteer(request)
        if volunteer is None:
            raise ValidationError(CHOOSE_VOLUNTEER)
        actions.assign(request=item, leader=user, volunteer=volunteer)

    return _act(request, pk, change)


@login_required
@require_POST
def purchase(request: HttpRequest, pk: int) -> HttpResponse:
    form = PurchaseForm(request.POST, request.FILES)
    return _act(
        request,
        pk,
        lambda user, item: actions.record_purchase(request=item, user=user, **valid(form)),
    )


@login_required
@require_POST
def repaid(request: HttpRequest, pk: int, purchase_pk: int) -> HttpResponse:
    def change(user: User, item: Request) -> None:
        bought = item.purchases.filter(pk=purchase_pk).first()
        if bought is None:
            raise ValidationError("没有这笔账 (no such purchase)")
        reference = request.POST.get("reference", "").strip()[:100]
        actions.mark_repaid(purchase=bought, user=user, reference=reference)

    return _act(request, pk, change)


@login_required
@require_POST
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or update the green-channel transfer of a medical request."""

    def change(user: User, item: Request) -> None:
        form = TransferForm(request.POST, instance=getattr(item, "transfer", None))
        valid(form)
        actions.record_transfer(request=item, user=user, form=form)

    return _act(request, pk, change)


@login_required
@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's phone, for the volunteer who holds the request; every look is logged."""
    user = staff(request)
    item = get_request_for_user(user, pk)
    if item.assignee_id != user.pk and not user.may_reveal:
        raise PermissionDenied("电话只给负责的志愿者看 (only for the volunteer who holds it)")
    household = item.household
    record(
        user=user, action=AuditEntry.Action.REVEAL, obj=household,
        detail={"fields": ["contact_phone"], "request": item.pk},
    )  # fmt: skip
    return render(request, "helpdesk/_contact.html", {"household": household})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """A volunteer enters a need for a resident without a smartphone: find the household first."""
    user = staff(request)
    household = None
    if household_id := request.GET.get("household") or request.POST.get("household"):
        household = (
            get_household_for_user(user, int(household_id)) if household_id.isdecimal() else None
        )
    if household is None:
        query = request.GET.get("q", "").strip()[:100]
        matches = search_households(user, query) if query else []
        return render(request, "helpdesk/new_find.html", {"query": query, "matches": matches})
    form = RequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item, _ = actions.submit_request(
            household=household, by=user, source="volunteer", **form.cleaned_data
        )
        return redirect("helpdesk_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "helpdesk/new.html", {"household": household, "form": form}, status=status
    )
