"""The help desk over HTTP. Staff use their session; a household uses its own link's token.

A client may send an `Idempotency-Key` header: a resubmission after a flaky connection gives
back the first request instead of a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel

from accounts.http import staff
from helpdesk import actions
from helpdesk.access import get_request_for_user, requests_for_user
from helpdesk.models import Category, Outcome, Request, Urgency
from lib.message import parse_message
from linli.api_types import ErrorOut, PlainText, errors
from portal.access import get_household_by_token
from registry.access import get_household_for_user
from registry.models import address

router = Router(tags=["help desk"])
# A text must hold something besides spaces and line breaks ("\n" is no reply).
SOMETHING_WRITTEN = r"\S"
POOL_SIZE = 50  # what a phone shows; the most urgent and the soonest due come first


class RequestIn(Schema):
    category: Category
    urgency: Urgency = Urgency.NORMAL
    text: PlainText = Field(..., min_length=1, max_length=2000, pattern=SOMETHING_WRITTEN)


class StaffRequestIn(RequestIn):
    household_id: int


class RequestOut(BaseModel):
    id: int
    household: str
    category: str
    urgency: str
    status: str
    text: str
    items: list[str]
    due_at: datetime
    assignee: str | None
    outcome: str
    replies: list[str]


class PoolItemOut(BaseModel):
    """A line of the pool: enough to choose one; the whole request comes with the claim."""

    id: int
    household: str
    floor: int | None
    category: str
    urgency: str
    text: str
    items: list[str]
    due_at: datetime


class CloseIn(Schema):
    outcome: Outcome
    reply: PlainText = Field(..., min_length=1, max_length=2000, pattern=SOMETHING_WRITTEN)


class MessageIn(Schema):
    text: PlainText = Field(..., max_length=10_000)


class MessageOut(BaseModel):
    street: str | None
    building: str | None
    unit: str | None
    room: str | None
    category: str
    urgent: bool
    items: list[str]
    # "low" when the parse rests on little or an urgent sign was set aside: show it to a person.
    confidence: Literal["high", "low"]


def out(item: Request, replies: list[str] | None = None) -> RequestOut:
    return RequestOut(
        id=item.pk,
        household=item.household.address,
        category=item.category,
        urgency=item.urgency,
        status=item.status,
        text=item.text,
        items=item.items,
        due_at=item.due_at,
        assignee=item.assignee.name if item.assignee else None,
        outcome=item.outcome,
        replies=[r.text for r in item.replies.all()] if replies is None else replies,
    )


def _key(request: HttpRequest) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 100:
        raise HttpError(422, _("Idempotency-Key: at most 100 characters."))
    return key or None


def _submit(**fields: Any) -> Status[RequestOut]:
    try:
        item, created = actions.submit_request(**fields)
    except actions.KeyReused as exc:
        raise HttpError(422, str(exc)) from exc
    return Status(201 if created else 200, out(item, [] if created else None))


@router.post("/requests", response={200: RequestOut, 201: RequestOut, **errors(400, 404, 422)})
def submit(request: HttpRequest, payload: StaffRequestIn) -> Status[RequestOut]:
    user = staff(request)
    household = get_household_for_user(user, payload.household_id)
    return _submit(
        household=household, category=payload.category, urgency=payload.urgency,
        text=payload.text, source="api", by=user,
        idempotency_key=_key(request), idempotency_sender=f"staff:{user.pk}",
    )  # fmt: skip


@router.post(
    "/households/{token}/requests",
    response={200: RequestOut, 201: RequestOut, 400: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
)
def submit_from_household(
    request: HttpRequest, token: str, payload: RequestIn
) -> Status[RequestOut]:
    household = get_household_by_token(request, token)
    return _submit(
        household=household, category=payload.category, urgency=payload.urgency,
        text=payload.text, source="link",
        idempotency_key=_key(request), idempotency_sender=f"household:{household.pk}",
    )  # fmt: skip


@router.get("/requests/pool", response={200: list[PoolItemOut], **errors()})
def pool(request: HttpRequest) -> list[PoolItemOut]:
    items = requests_for_user(staff(request)).unclaimed().by_due()
    rows = items.values(
        "id", "category", "urgency", "text", "items", "due_at", "household__floor",
        "household__room", "household__unit__number", "household__unit__building__name",
        "household__unit__building__number",
    )[:POOL_SIZE]  # fmt: skip
    return [pool_item(row) for row in rows]


def pool_item(row: Mapping[str, Any]) -> PoolItemOut:
    return PoolItemOut(
        id=row["id"],
        household=address(
            row["household__unit__building__name"],
            row["household__unit__building__number"],
            row["household__unit__number"],
            row["household__room"],
        ),
        floor=row["household__floor"],
        category=row["category"],
        urgency=row["urgency"],
        text=row["text"],
        items=row["items"],
        due_at=row["due_at"],
    )


@router.get("/requests/mine", response={200: list[RequestOut], **errors()})
def mine(request: HttpRequest) -> list[RequestOut]:
    items = Request.objects.open().filter(assignee=staff(request)).by_due()
    items = items.select_related("household__unit__building", "assignee")
    return [out(item) for item in items.prefetch_related("replies")]


@router.get("/requests/{request_id}", response={200: RequestOut, **errors(404, 422)})
def get(request: HttpRequest, request_id: int) -> RequestOut:
    return out(get_request_for_user(staff(request), request_id))


@router.post("/requests/{request_id}/claim", response={200: RequestOut, **errors(404, 409, 422)})
def claim(request: HttpRequest, request_id: int) -> RequestOut:
    user = staff(request)
    item = get_request_for_user(user, request_id)
    return out(actions.claim_request(request=item, user=user))


@router.post(
    "/requests/{request_id}/close", response={200: RequestOut, **errors(400, 403, 404, 409, 422)}
)
def close(request: HttpRequest, request_id: int, payload: CloseIn) -> RequestOut:
    user = staff(request)
    item = get_request_for_user(user, request_id)
    return out(
        actions.close_request(request=item, user=user, outcome=payload.outcome, reply=payload.reply)
    )


@router.post("/parse-message", response={200: MessageOut, **errors(400, 422)})
def parse(request: HttpRequest, payload: MessageIn) -> MessageOut:
    return MessageOut(**parse_message(payload.text).as_dict())
