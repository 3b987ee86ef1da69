"""The help desk over HTTP. Staff use their session; a household uses its own link's token.

A client may send an `Idempotency-Key` header: a resubmission after a flaky connection gives
back the first request instead of a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel

from accounts.http import staff
from helpdesk import actions
from helpdesk.access import get_request_for_user, requests_for_user
from helpdesk.models import Request
from lib.message import parse_message
from registry.access import get_household_for_user
from registry.household_link import get_household_by_token
from registry.models import address

router = Router(tags=["help desk"])
POOL_SIZE = 50  # what a phone shows; the most urgent and the soonest due come first

CategoryCode = Literal[
    "food", "medicine", "mother_baby", "medical", "utility",
    "errand", "inquiry", "sanitation", "emotional", "other",
]  # fmt: skip
UrgencyCode = Literal["life", "urgent", "normal", "low"]
OutcomeCode = Literal["fulfilled", "partly", "not_possible", "not_needed", "duplicate"]


class RequestIn(Schema):
    category: CategoryCode
    urgency: UrgencyCode = "normal"
    text: str = Field(..., min_length=1, max_length=2000)


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
    outcome: OutcomeCode
    reply: str = Field(..., min_length=1, max_length=2000)


class MessageIn(Schema):
    text: str = Field(..., max_length=10_000)


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
        raise HttpError(422, "Idempotency-Key: 最多100个字符 (at most 100 characters)")
    return key or None


@router.post("/requests", response={200: RequestOut, 201: RequestOut})
def submit(request: HttpRequest, payload: StaffRequestIn) -> Status[RequestOut]:
    user = staff(request)
    household = get_household_for_user(user, payload.household_id)
    item, created = actions.submit_request(
        household=household, category=payload.category, urgency=payload.urgency,
        text=payload.text, source="api", by=user,
        idempotency_key=_key(request),
    )  # fmt: skip
    return Status(201 if created else 200, out(item, [] if created else None))


@router.post("/households/{token}/requests", response={200: RequestOut, 201: RequestOut}, auth=None)
def submit_from_household(
    request: HttpRequest, token: str, payload: RequestIn
) -> Status[RequestOut]:
    household = get_household_by_token(token)
    item, created = actions.submit_request(
        household=household, category=payload.category, urgency=payload.urgency,
        text=payload.text, source="link",
        idempotency_key=_key(request),
    )  # fmt: skip
    return Status(201 if created else 200, out(item, [] if created else None))


@router.get("/requests/pool", response=list[PoolItemOut])
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


@router.get("/requests/mine", response=list[RequestOut])
def mine(request: HttpRequest) -> list[RequestOut]:
    items = Request.objects.open().filter(assignee=staff(request)).by_due()
    items = items.select_related("household__unit__building", "assignee")
    return [out(item) for item in items.prefetch_related("replies")]


@router.get("/requests/{request_id}", response=RequestOut)
def get(request: HttpRequest, request_id: int) -> RequestOut:
    return out(get_request_for_user(staff(request), request_id))


@router.post("/requests/{request_id}/claim", response=RequestOut)
def claim(request: HttpRequest, request_id: int) -> RequestOut:
    user = staff(request)
    item = get_request_for_user(user, request_id)
    try:
        return out(actions.claim(request=item, user=user))
    except actions.Conflict as exc:
        raise HttpError(409, str(exc)) from exc


@router.post("/requests/{request_id}/close", response=RequestOut)
def close(request: HttpRequest, request_id: int, payload: CloseIn) -> RequestOut:
    user = staff(request)
    item = get_request_for_user(user, request_id)
    try:
        return out(actions.close(request=item, user=user, outcome=payload.outcome,
                                 reply=payload.reply))  # fmt: skip
    except actions.Conflict as exc:
        raise HttpError(409, str(exc)) from exc
    except DjangoValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc


@router.post("/parse-message", response=MessageOut)
def parse(request: HttpRequest, payload: MessageIn) -> MessageOut:
    return MessageOut(**parse_message(payload.text).as_dict())
