"""Every change to a request: atomic, logged (who, when, note), guarded against races.

`select_for_update` does nothing on SQLite, so state changes that two people may make at once
(claiming above all) are conditional updates whose row count says who won.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from helpdesk.models import (
    OPEN,
    UNCLAIMED,
    EventKind,
    Outcome,
    Purchase,
    Reply,
    Request,
    RequestEvent,
    Source,
    Status,
    Urgency,
    WorkingGroup,
    due_times,
)
from lib.message import parse_message
from registry.models import Household

HOUSEHOLD = "住户 household"  # the actor in the log when the household acts through its link


class Conflict(Exception):
    """Someone else changed the request first; the message says what happened."""


def _log(
    request: Request,
    *,
    kind: EventKind,
    user: User | None = None,
    actor: str = "",
    from_status: str = "",
    note: str = "",
) -> None:
    RequestEvent.objects.create(
        request=request,
        kind=kind,
        user=user,
        actor=actor or (user.name if user else ""),
        from_status=from_status,
        to_status=request.status,
        note=note,
    )


def route(household: Household, category: str) -> WorkingGroup | None:
    compound_id = household.unit.building.compound_id
    for group in WorkingGroup.objects.filter(compound_id=compound_id).order_by("pk"):
        if category in group.categories:
            return group
    return None


def submit_request(
    *,
    household: Household,
    category: str,
    text: str,
    source: str,
    urgency: str = Urgency.NORMAL,
    by: User | None = None,
    items: list[str] | None = None,
    photo: UploadedFile | None = None,
    idempotency_key: str | None = None,
    due_at: datetime | None = None,
) -> tuple[Request, bool]:
    """A new request, routed to its working group, with its due times. (request, created).

    The items asked for are read from the text unless given; the due time comes from the
    community's service levels unless given (a hospital trip is due before it leaves). With an
    idempotency key that was used before, the earlier request comes back unchanged.
    """
    now = timezone.now()
    compound = household.unit.building.compound
    acknowledge_by, default_due = due_times(compound, category, urgency, now)
    try:
        with transaction.atomic():
            request = Request.objects.create(
                compound=compound,
                household=household,
                category=category,
                urgency=urgency,
                text=text,
                items=list(parse_message(text).items) if items is None else items,
                source=source,
                created_by=by,
                created_at=now,
                acknowledge_by=acknowledge_by,
                due_at=due_at or default_due,
                group=route(household, category),
                idempotency_key=idempotency_key or None,
            )
            if photo is not None:
                request.photo.save(photo.name or "photo.jpg", photo, save=True)
            _log(
                request,
                kind=EventKind.SUBMITTED,
                user=by,
                actor="" if by else HOUSEHOLD,
                note=str(Source(source).label),
            )
    except IntegrityError:
        # The key was used before (a resubmission, or two at once): that request is the one.
        # Asking first would cost every submission a query to save a rare one an insert.
        if idempotency_key:
            return Request.objects.get(idempotency_key=idempotency_key), False
        raise
    return request, True


def _move(
    request: Request,
    *,
    allowed: list[str],
    to: str,
    user: User | None,
    kind: EventKind,
    note: str = "",
    **fields: Any,
) -> Request:
    """Change the status if it is still one of `allowed`; otherwise someone else was first."""
    # Inside close() or reopen() a savepoint would only add two statements: a Conflict
    # rolls back the caller's whole transaction anyway.
    with transaction.atomic(savepoint=False):
        before = request.status
        changed = Request.objects.filter(pk=request.pk, status__in=allowed).update(
            status=to, **fields
        )
        if not changed:
            request.refresh_from_db()
            raise Conflict(
                f"这条求助已是“{request.get_status_display()}” (already {request.status})"
            )
        # The update says what the row now holds: no need to read it back.
        request.status = to
        for name, value in fields.items():
            setattr(request, name, value)
        _log(request, kind=kind, user=user, from_status=before, note=note)
    return request


def acknowledge(*, request: Request, user: User) -> Request:
    return _move(
        request, allowed=[Status.NEW], to=Status.ACKNOWLEDGED, user=user,
        kind=EventKind.ACKNOWLEDGED, acknowledged_at=timezone.now(),
    )  # fmt: skip


def claim(*, request: Request, user: User) -> Request:
    """A volunteer takes a request from the pool. Of two at once, exactly one wins."""
    now = timezone.now()
    with transaction.atomic():
        before = request.status
        changed = Request.objects.filter(
            pk=request.pk, status__in=UNCLAIMED, assignee__isnull=True
        ).update(status=Status.ASSIGNED, assignee=user, acknowledged_at=now)
        if not changed:
            request.refresh_from_db()
            holder = request.assignee.name if request.assignee else ""
            raise Conflict(f"已被{holder}认领 (already claimed by {holder or 'someone'})")
        request.status, request.assignee, request.acknowledged_at = Status.ASSIGNED, user, now
        _log(request, kind=EventKind.CLAIMED, user=user, from_status=before)
    return request


def assign(*, request: Request, leader: User, volunteer: User, note: str = "") -> Request:
    """A leader gives a request to a volunteer, or moves it to another one."""
    if not leader.leads:
        raise PermissionDenied("只有组长和管理员可以指派 (leaders only)")
    if not volunteer.serves(request.household.unit.building):
        raise ValidationError(
            f"{volunteer.name}不负责这栋楼 ({volunteer.name} does not serve this building)"
        )
    return _move(
        request,
        allowed=[*OPEN],
        to=Status.ASSIGNED,
        user=leader,
        kind=EventKind.ASSIGNED,
        note=f"→ {volunteer.name} {note}".strip(),
        assignee=volunteer,
        acknowledged_at=request.acknowledged_at or timezone.now(),
    )


def start(*, request: Request, user: User) -> Request:
    _require_holder(request, user)
    return _move(
        request, allowed=[Status.ASSIGNED, Status.NO_ANSWER], to=Status.IN_PROGRESS, user=user,
        kind=EventKind.STARTED, follow_up_at=None,
    )  # fmt: skip


def no_answer(*, request: Request, user: User, follow_up_at: datetime, note: str = "") -> Request:
    """Nobody answered at the door or on the phone: try again at `follow_up_at`."""
    _require_holder(request, user)
    return _move(
        request, allowed=[Status.ASSIGNED, Status.IN_PROGRESS], to=Status.NO_ANSWER, user=user,
        kind=EventKind.NO_ANSWER, note=note, follow_up_at=follow_up_at,
    )  # fmt: skip


def close(*, request: Request, user: User, outcome: str, reply: str) -> Request:
    """Close with an outcome and a reply the resident will read."""
    if outcome not in Outcome.values:
        raise ValidationError("请选择结果 (choose an outcome)")
    if not reply.strip():
        raise ValidationError("请给住户一个答复 (write a reply to the resident)")
    _require_holder(request, user)
    with transaction.atomic():
        request = _move(
            request, allowed=[*OPEN], to=Status.DONE, user=user, kind=EventKind.CLOSED,
            note=f"{Outcome(outcome).label}: {reply}", outcome=outcome, closed_at=timezone.now(),
        )  # fmt: skip
        Reply.objects.create(request=request, by=user, text=reply.strip())
    return request


def reply(*, request: Request, user: User | None, text: str) -> Reply:
    """A message on the request: from staff, or from the household through its link."""
    if not text.strip():
        raise ValidationError("回复不能为空 (the reply is empty)")
    with transaction.atomic():
        message = Reply.objects.create(
            request=request, by=user, from_household=user is None, text=text.strip()
        )
        _log(
            request, kind=EventKind.REPLY, user=user, actor="" if user else HOUSEHOLD,
            note=text.strip(),
        )  # fmt: skip
    return message


def confirm_receipt(*, request: Request) -> Request:
    """The household says it got what it needed."""
    with transaction.atomic():
        changed = Request.objects.filter(
            pk=request.pk, status=Status.DONE, confirmed_at__isnull=True
        ).update(confirmed_at=timezone.now())
        request.refresh_from_db()
        if changed:
            _log(request, kind=EventKind.CONFIRMED, actor=HOUSEHOLD)
    return request


def reopen(*, request: Request, note: str) -> Request:
    """The household says the need is not met: back into the pool, with their reason."""
    with transaction.atomic():
        request = _move(
            request, allowed=[Status.DONE], to=Status.NEW, user=None, kind=EventKind.REOPENED,
            note=note, outcome="", closed_at=None, confirmed_at=None, assignee=None,
            acknowledged_at=None,
        )  # fmt: skip
        if note.strip():
            Reply.objects.create(request=request, from_household=True, text=note.strip())
    return request


def merge_duplicates(*, leader: User, keep: Request, duplicates: list[Request]) -> int:
    """Close each duplicate with a reply pointing to the request that stays open."""
    closed = 0
    for duplicate in duplicates:
        if duplicate.pk == keep.pk or not duplicate.is_open:
            continue
        with transaction.atomic():
            Request.objects.filter(pk=duplicate.pk).update(duplicate_of=keep)
            close(
                request=duplicate, user=leader, outcome=Outcome.DUPLICATE,
                reply=f"与 #{keep.pk} 重复，将在那里处理 (handled as #{keep.pk})",
            )  # fmt: skip
        closed += 1
    return closed


def record_purchase(
    *,
    request: Request,
    user: User,
    description: str,
    amount: Decimal,
    paid_by: str,
    receipt: UploadedFile | None = None,
) -> Purchase:
    if amount < 0:
        raise ValidationError("金额不能为负 (the amount cannot be negative)")
    with transaction.atomic():
        purchase = Purchase.objects.create(
            request=request,
            description=description,
            amount=amount,
            paid_by=paid_by,
            advanced_by=user if paid_by == Purchase.PaidBy.VOLUNTEER else None,
            repaid=paid_by != Purchase.PaidBy.VOLUNTEER,
        )
        if receipt is not None:
            purchase.receipt.save(receipt.name or "receipt.jpg", receipt, save=True)
        note = f"{description} ¥{amount} ({paid_by})"
        _log(request, kind=EventKind.PURCHASE, user=user, note=note)
    return purchase


def mark_repaid(*, purchase: Purchase, user: User, reference: str) -> Purchase:
    with transaction.atomic():
        Purchase.objects.filter(pk=purchase.pk).update(
            repaid=True, repaid_reference=reference, repaid_at=timezone.now()
        )
        purchase.refresh_from_db()
        note = f"¥{purchase.amount} {reference}"
        _log(purchase.request, kind=EventKind.REPAID, user=user, note=note)
    return purchase


def record_transfer(*, request: Request, user: User, form: Any) -> Any:
    """Save the green-channel form (vehicle, times, hospital, outcome) and log it."""
    _require_holder(request, user)
    with transaction.atomic():
        transfer = form.save(commit=False)
        transfer.request = request
        transfer.save()
        _log(request, kind=EventKind.TRANSFER, user=user,
             note=f"{transfer.vehicle} {transfer.hospital} {transfer.outcome}".strip())  # fmt: skip
    return transfer


def _require_holder(request: Request, user: User) -> None:
    if request.assignee_id == user.pk or user.leads:
        return
    raise PermissionDenied("这条求助不在您手上 (this request is not yours)")
