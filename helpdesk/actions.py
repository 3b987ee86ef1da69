"""Every change to a request: atomic, logged (who, when, note), guarded against races.

`select_for_update` does nothing on SQLite, so state changes that two people may make at once
(claiming above all) are conditional updates whose row count says who won.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.capabilities import LEAD, REVEAL_CONTACT, can
from accounts.models import AuditEntry, User, record
from helpdesk.models import (
    TRANSITIONS,
    Category,
    EventKind,
    Outcome,
    Purchase,
    Reply,
    Request,
    RequestEvent,
    ServiceLevel,
    Source,
    Status,
    Transition,
    Urgency,
    due_times,
)
from helpdesk.parser_learning import record_parser_correction
from ledger import actions as ledger
from lib.message import ParsedMessage, parse_message
from linli.errors import Conflict
from registry.models import Compound, Household
from volunteers.models import WorkingGroup

# The actor in the log when the household acts through its link; shown translated.
HOUSEHOLD = RequestEvent.HOUSEHOLD


class KeyReused(Exception):
    """An idempotency key sent again with a different request: neither is guessed at."""


def fingerprint(**fields: object) -> str:
    """What a keyed submission asked for, to tell a resubmission from a different request."""
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


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
    return WorkingGroup.objects.in_compound(compound_id).first_for_category(category)


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
    idempotency_sender: str = "",
    due_at: datetime | None = None,
) -> tuple[Request, bool]:
    """A new request, routed to its working group, with its due times. (request, created).

    The items asked for are read from the text unless given; the due time comes from the
    community's service levels unless given (a hospital trip is due before it leaves). With an
    idempotency key that this sender used before for the same request, the earlier request
    comes back unchanged; for a different request, KeyReused.
    """
    key_print = ""
    if idempotency_key:
        key_print = fingerprint(
            household=household.pk, category=category, urgency=urgency, text=text
        )
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
                idempotency_sender=idempotency_sender if idempotency_key else "",
                idempotency_fingerprint=key_print,
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
        if not idempotency_key:
            raise
        earlier = Request.objects.get(
            idempotency_sender=idempotency_sender, idempotency_key=idempotency_key
        )
        if earlier.idempotency_fingerprint != key_print:
            raise KeyReused(
                _(
                    "This Idempotency-Key was already used for a different request (#%(pk)s): "
                    "send a new key for a new request."
                )
                % {"pk": earlier.pk}
            ) from None
        return earlier, False
    return request, True


def submit_chat_requests(
    *, by: User, rows: list[tuple[Household, str, str, str, ParsedMessage]], batch: str
) -> list[Request]:
    """The confirmed drafts of a pasted chat block, all created or none.

    Each row is (household, category, urgency, text, what the parser read); where the person
    chose another category or urgency than the parser read, the parser learns from it. `batch`
    names one confirmation: confirmed again, its drafts are the requests made the first time.
    """
    created = []
    with transaction.atomic():
        for household, category, urgency, text, parsed in rows:
            item, new = submit_request(
                household=household, category=category, urgency=urgency, text=text,
                source=Source.CHAT, by=by, idempotency_sender=f"staff:{by.pk}",
                idempotency_key="chat:{}:{}".format(batch, fingerprint(
                    household=household.pk, category=category, urgency=urgency, text=text)[:32]),
            )  # fmt: skip
            created.append(item)
            if new:
                record_parser_correction(
                    text=text,
                    parsed=parsed,
                    chosen_category=category,
                    chosen_urgency=urgency,
                    by=by,
                )
    return created


def _move(
    request: Request,
    transition: Transition,
    *,
    user: User | None,
    kind: EventKind,
    note: str = "",
    **fields: Any,
) -> Request:
    """Go through the transition if the status still allows it; otherwise someone was first."""
    allowed, to = TRANSITIONS[transition]
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
                _("Someone else changed this request first: it is now “%(status)s”.")
                % {"status": request.get_status_display()}
            )
        # The update says what the row now holds: no need to read it back.
        request.status = to
        for name, value in fields.items():
            setattr(request, name, value)
        _log(request, kind=kind, user=user, from_status=before, note=note)
    return request


def acknowledge_request(*, request: Request, user: User) -> Request:
    return _move(
        request, Transition.ACKNOWLEDGE, user=user, kind=EventKind.ACKNOWLEDGED,
        acknowledged_at=timezone.now(),
    )  # fmt: skip


def claim_request(*, request: Request, user: User) -> Request:
    """A volunteer takes a request from the pool. Of two at once, exactly one wins."""
    now = timezone.now()
    allowed, to = TRANSITIONS[Transition.CLAIM]
    with transaction.atomic():
        before = request.status
        changed = Request.objects.filter(
            pk=request.pk, status__in=allowed, assignee__isnull=True
        ).update(status=to, assignee=user, acknowledged_at=now)
        if not changed:
            request.refresh_from_db()
            if request.assignee is not None:
                raise Conflict(
                    _("%(name)s took this request a moment before you.")
                    % {"name": request.assignee.name}
                )
            raise Conflict(
                _("This request is no longer in the pool: it is now “%(status)s”.")
                % {"status": request.get_status_display()}
            )
        request.status, request.assignee, request.acknowledged_at = to, user, now
        _log(request, kind=EventKind.CLAIMED, user=user, from_status=before)
    return request


def assign_request(*, request: Request, leader: User, volunteer: User, note: str = "") -> Request:
    """A leader gives a request to a volunteer, or moves it to another one."""
    if not can(leader, LEAD):
        raise PermissionDenied(_("Only group leaders and admins assign requests."))
    if not volunteer.serves(request.household.unit.building):
        raise ValidationError(
            _("%(name)s does not serve %(building)s.")
            % {"name": volunteer.name, "building": request.household.unit.building}
        )
    return _move(
        request,
        Transition.ASSIGN,
        user=leader,
        kind=EventKind.ASSIGNED,
        note=f"→ {volunteer.name} {note}".strip(),
        assignee=volunteer,
        acknowledged_at=request.acknowledged_at or timezone.now(),
    )


def start_request(*, request: Request, user: User) -> Request:
    _require_holder(request, user)
    return _move(request, Transition.START, user=user, kind=EventKind.STARTED, follow_up_at=None)


def record_no_answer(
    *, request: Request, user: User, follow_up_at: datetime, note: str = ""
) -> Request:
    """Nobody answered at the door or on the phone: try again at `follow_up_at`."""
    _require_holder(request, user)
    return _move(
        request, Transition.NO_ANSWER, user=user, kind=EventKind.NO_ANSWER, note=note,
        follow_up_at=follow_up_at,
    )  # fmt: skip


def close_request(*, request: Request, user: User, outcome: str, reply: str) -> Request:
    """Close with an outcome and a reply the resident will read."""
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if not reply.strip():
        raise ValidationError(_("Write a reply to the resident."))
    _require_holder(request, user)
    with transaction.atomic():
        request = _move(
            request, Transition.CLOSE, user=user, kind=EventKind.CLOSED,
            note=f"{Outcome(outcome).label}: {reply}", outcome=outcome, closed_at=timezone.now(),
        )  # fmt: skip
        Reply.objects.create(request=request, by=user, text=reply.strip())
    return request


def close_on_delivery(*, request: Request, user: User, reply: str) -> Request | None:
    """The goods of the request reached the door: close it as fulfilled, with a reply the
    household reads (it can still confirm or reopen). Whoever delivered may do this; a request
    already closed is left as it is."""
    if request.status not in TRANSITIONS[Transition.CLOSE][0]:
        return None
    try:
        with transaction.atomic():
            request = _move(
                request, Transition.CLOSE, user=user, kind=EventKind.CLOSED,
                note=f"{Outcome.FULFILLED.label}: {reply}", outcome=Outcome.FULFILLED,
                closed_at=timezone.now(),
            )  # fmt: skip
            Reply.objects.create(request=request, by=user, text=reply)
    except Conflict:
        return None  # closed by its holder in the meantime
    return request


def reply_to_request(*, request: Request, user: User | None, text: str) -> Reply:
    """A message on the request: from staff, or from the household through its link."""
    if not text.strip():
        raise ValidationError(_("The reply is empty."))
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


def reopen_request(*, request: Request, note: str) -> Request:
    """The household says the need is not met: back into the pool, with their reason."""
    with transaction.atomic():
        request = _move(
            request, Transition.REOPEN, user=None, kind=EventKind.REOPENED,
            note=note, outcome="", closed_at=None, confirmed_at=None, assignee=None,
            acknowledged_at=None,
        )  # fmt: skip
        if note.strip():
            Reply.objects.create(request=request, from_household=True, text=note.strip())
    return request


def assign_requests(*, requests: list[Request], leader: User, volunteer: User) -> None:
    """Give many requests to one volunteer: all of them, or none."""
    with transaction.atomic():
        for request in requests:
            if request.is_open:
                assign_request(request=request, leader=leader, volunteer=volunteer)


def merge_duplicates(*, leader: User, keep: Request, duplicates: list[Request]) -> int:
    """Close each duplicate with a reply pointing to the request that stays open.

    Only requests of one household are duplicates of each other: another household's need
    told "handled as #1" would simply be dropped.
    """
    others = {d.household.address for d in duplicates if d.household_id != keep.household_id}
    kinds = {d.get_category_display() for d in duplicates if d.category != keep.category}
    if kinds:
        # Medicine and nappies from one flat are two needs: closing one as the other's
        # duplicate would drop it.
        raise ValidationError(
            _("Only the same need can be merged: #%(pk)s is %(kind)s, the others are %(kinds)s.")
            % {
                "pk": keep.pk,
                "kind": keep.get_category_display(),
                "kinds": "、".join(sorted(kinds)),
            }
        )
    if others:
        raise ValidationError(
            _(
                "Only requests of the same household can be merged: #%(pk)s is from "
                "%(address)s, and %(others)s are other households."
            )
            % {
                "pk": keep.pk,
                "address": keep.household.address,
                "others": "、".join(sorted(others)),
            }
        )
    closed = 0
    with transaction.atomic():
        for duplicate in duplicates:
            if duplicate.pk == keep.pk or not duplicate.is_open:
                continue
            Request.objects.filter(pk=duplicate.pk).update(duplicate_of=keep)
            close_request(
                request=duplicate, user=leader, outcome=Outcome.DUPLICATE,
                reply=_("This is the same need as #%(pk)s, which stays open and will be handled.")
                % {"pk": keep.pk},
            )  # fmt: skip
            closed += 1
    return closed


def may_see_contact(*, user: User, request: Request) -> bool:
    """The holder calls the household; leaders and roles that call residents may too."""
    return request.assignee_id == user.pk or can(user, LEAD) or can(user, REVEAL_CONTACT)


def reveal_contact(*, user: User, request: Request) -> Household:
    """The household's phone and proxy contact for someone working on the request, logged."""
    if not may_see_contact(user=user, request=request):
        raise PermissionDenied(_("The phone is only for the volunteer who holds the request."))
    household = request.household
    record(
        user=user, action=AuditEntry.Action.REVEAL, obj=household,
        detail={"fields": ["contact_phone", "proxy_phone"], "request": request.pk},
    )  # fmt: skip
    return household


def may_record_money(*, user: User, request: Request) -> bool:
    """The holder, the leaders of the request's group and the admins record money on it."""
    if user.is_superuser or request.assignee_id == user.pk:
        return True
    if request.group is not None and request.group.leader_id == user.pk:
        return True
    return can(user, LEAD) and user.serves(request.household.unit.building)


def _check_amount(amount: Decimal) -> None:
    if amount < 0:
        raise ValidationError(_("The amount cannot be negative."))
    ceiling = Decimal(settings.LINLI_MAX_PURCHASE_AMOUNT)
    if amount > ceiling:
        raise ValidationError(
            _("¥%(amount)s is more than one purchase can be (at most ¥%(ceiling)s).")
            % {"amount": amount, "ceiling": ceiling}
        )


def record_purchase(
    *,
    request: Request,
    user: User,
    description: str,
    amount: Decimal,
    paid_by: str,
    receipt: UploadedFile | None = None,
) -> Purchase:
    if not may_record_money(user=user, request=request):
        raise PermissionDenied(_("Only the holder, the group's leaders and admins record money."))
    _check_amount(amount)
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
        _post_purchase(purchase, user)
        note = f"{description} ¥{amount} · {Purchase.PaidBy(paid_by).label}"
        _log(request, kind=EventKind.PURCHASE, user=user, note=note)
        record(
            user=user, action=AuditEntry.Action.CREATE, obj=purchase,
            detail={"request": request.pk, "amount": str(amount), "paid_by": paid_by},
        )  # fmt: skip
    return purchase


def _post_purchase(purchase: Purchase, user: User) -> None:
    """The money of a purchase, in the one ledger: a volunteer's advance, or the fund's spending.

    What the resident paid for themselves never passed through volunteers' hands.
    """
    if purchase.amount <= 0:
        return
    household, topic = purchase.request.household, f"request:{purchase.request_id}"
    if purchase.paid_by == Purchase.PaidBy.VOLUNTEER:
        ledger.advance(household=household, amount=purchase.amount, volunteer=user,
                       memo=purchase.description, topic=topic)  # fmt: skip
    elif purchase.paid_by == Purchase.PaidBy.FUND:
        ledger.spend_from_fund(
            compound=household.unit.building.compound_id, amount=purchase.amount,
            recorded_by=user, memo=purchase.description, topic=topic, household=household,
        )  # fmt: skip


def mark_repaid(*, purchase: Purchase, user: User, reference: str) -> Purchase:
    if not may_record_money(user=user, request=purchase.request):
        raise PermissionDenied(_("Only the holder, the group's leaders and admins record money."))
    with transaction.atomic():
        changed = Purchase.objects.filter(pk=purchase.pk, repaid=False).update(
            repaid=True, repaid_reference=reference, repaid_at=timezone.now()
        )
        purchase.refresh_from_db()
        if not changed:
            raise Conflict(_("This advance was already marked as paid back."))
        if purchase.advanced_by is not None and purchase.amount > 0:
            ledger.repay_advance(
                household=purchase.request.household, amount=purchase.amount,
                volunteer=purchase.advanced_by, reference=reference, recorded_by=user,
                memo=purchase.description, topic=f"request:{purchase.request_id}",
            )  # fmt: skip
        note = f"¥{purchase.amount} {reference}"
        _log(purchase.request, kind=EventKind.REPAID, user=user, note=note)
        record(
            user=user, action=AuditEntry.Action.UPDATE, obj=purchase,
            detail={"request": purchase.request_id, "repaid": True, "reference": reference},
        )  # fmt: skip
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


def set_service_levels(
    *,
    user: User,
    compound: Compound,
    limits: dict[tuple[str, str], tuple[int | None, int | None]],
) -> None:
    """The community's own time limits: (category, urgency) → (acknowledge, close) minutes.

    No acknowledge time means the default for that pair.
    """
    with transaction.atomic():
        for (category, urgency), (acknowledge, close_in) in limits.items():
            levels = ServiceLevel.objects.filter(
                compound=compound, category=category, urgency=urgency
            )
            if acknowledge is None:
                levels.delete()
                continue
            ServiceLevel.objects.update_or_create(
                compound=compound, category=category, urgency=urgency,
                defaults={"acknowledge_minutes": acknowledge, "close_minutes": close_in},
            )  # fmt: skip
        record(
            user=user, action=AuditEntry.Action.UPDATE, obj=compound,
            detail={"service_levels": {f"{c}/{u}": list(v) for (c, u), v in limits.items()
                                       if v[0] is not None}},
        )  # fmt: skip


def triage_request(*, request: Request, user: User, category: str, urgency: str) -> Request:
    """A leader corrects what kind of need a request is, or how urgent: it is routed again,
    its due times follow the new urgency, and the parser learns from the correction."""
    if not can(user, LEAD):
        raise PermissionDenied(_("Only group leaders and admins change a request's kind."))
    if category not in Category.values or urgency not in Urgency.values:
        raise ValidationError(_("Choose a category and an urgency."))
    if (category, urgency) == (request.category, request.urgency):
        return request
    acknowledge_by, due_at = due_times(request.compound, category, urgency, request.created_at)
    before = f"{request.get_category_display()} · {request.get_urgency_display()}"
    with transaction.atomic():
        request.category, request.urgency = category, urgency
        request.group = route(request.household, category)
        request.acknowledge_by, request.due_at = acknowledge_by, due_at
        request.save(update_fields=["category", "urgency", "group", "acknowledge_by", "due_at"])
        after = f"{request.get_category_display()} · {request.get_urgency_display()}"
        _log(request, kind=EventKind.TRIAGED, user=user, from_status=request.status,
             note=f"{before} → {after}")  # fmt: skip
        record_parser_correction(
            text=request.text,
            parsed=None,
            chosen_category=category,
            chosen_urgency=urgency,
            by=user,
        )
    return request


def _require_holder(request: Request, user: User) -> None:
    if request.assignee_id == user.pk or can(user, LEAD):
        return
    raise PermissionDenied(_("This request is not in your hands."))
