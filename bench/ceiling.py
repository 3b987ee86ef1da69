"""The ceiling of the help-desk benchmark: the same calls with every statement written by hand.

Not part of Linli. The same server, middleware, login check, django-ninja and output models
as the real help desk; the same rows read and written (the request, its log rows, the reply);
but no ORM, and less checking (scope by compound only, service levels and routing read in
the plainest way). What this reaches bounds what the help desk could reach on this stack.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from accounts.http import staff
from helpdesk import actions
from helpdesk.access import working_group_ids
from helpdesk.api import POOL_SIZE, CloseIn, PoolItemOut, RequestIn, RequestOut
from helpdesk.models import DEFAULT_ACKNOWLEDGE, DEFAULT_CLOSE, OPEN, UNCLAIMED, EventKind
from helpdesk.models import Status as S
from registry.models import address

api = NinjaAPI(auth=django_auth, urls_namespace="ceiling", docs_url=None, openapi_url=None)

# A household with its unit and building, for the address: every call reads one.
BUILDING = (
    "JOIN registry_unit u ON u.id = h.unit_id JOIN registry_building b ON b.id = u.building_id"
)
HOUSEHOLD = f"registry_household h {BUILDING}"
ADDRESS = "h.floor, h.room, u.number, b.name, b.number"
REQUESTS = f"helpdesk_request r JOIN registry_household h ON h.id = r.household_id {BUILDING}"
REQUEST = (
    "SELECT r.id, r.category, r.urgency, r.status, r.text, r.items, r.due_at, r.assignee_id, "
    f"r.group_id, r.outcome, r.compound_id, {ADDRESS} FROM {REQUESTS} WHERE r.id = %s"
)


def _db(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _now() -> Any:
    return _db(timezone.now())


def _rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _datetime(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)  # SQLite: naive


def _items(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else value


def _out(row: tuple[Any, ...], name: str | None, replies: list[str]) -> RequestOut:
    return RequestOut(
        id=row[0], household=address(row[14], row[15], row[13], row[12]), category=row[1],
        urgency=row[2], status=row[3], text=row[4], items=_items(row[5]),
        due_at=_datetime(row[6]), assignee=name, outcome=row[9], replies=replies,
    )  # fmt: skip


def _log(pk: int, user_id: int | None, actor: str, kind: str, before: str, after: str,
         note: str = "") -> None:  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO helpdesk_requestevent (request_id, at, user_id, actor, kind, "
            "from_status, to_status, note) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [pk, _now(), user_id, actor, kind, before, after, note],
        )


def _replies(pk: int) -> list[str]:
    return [text for (text,) in _rows(
        "SELECT text FROM helpdesk_reply WHERE request_id = %s ORDER BY id", [pk]
    )]  # fmt: skip


def _visible(request: HttpRequest, pk: int) -> tuple[Any, tuple[Any, ...]]:
    user = staff(request)
    rows = _rows(REQUEST, [pk])
    groups = working_group_ids(user)
    if not rows or rows[0][10] not in user.scope.compounds or rows[0][8] not in [*groups, None]:
        raise HttpError(404, "no such request in your scope")
    return user, rows[0]


@api.post("/households/{token}/requests", response={201: RequestOut}, auth=None)
def submit(request: HttpRequest, token: str, payload: RequestIn) -> Status[RequestOut]:
    by_token = f"SELECT h.id, b.compound_id, {ADDRESS} FROM {HOUSEHOLD} WHERE h.access_token = %s"
    found = _rows(by_token, [token])
    if not found:
        raise HttpError(404, "this link is not valid")
    household = found[0]
    compound = household[1]
    levels = _rows(
        "SELECT acknowledge_minutes, close_minutes FROM helpdesk_servicelevel "
        "WHERE compound_id = %s AND category = %s AND urgency = %s",
        [compound, payload.category, payload.urgency],
    )
    acknowledge, close = levels[0] if levels else (
        DEFAULT_ACKNOWLEDGE[payload.urgency], DEFAULT_CLOSE[payload.urgency] or 600,
    )  # fmt: skip
    group = next(
        (pk for pk, categories in _rows(
            "SELECT id, categories FROM helpdesk_workinggroup WHERE compound_id = %s "
            "ORDER BY id", [compound])
         if payload.category in _items(categories)), None,
    )  # fmt: skip
    now = timezone.now()
    acknowledge_by, due = now + timedelta(minutes=acknowledge), now + timedelta(minutes=close)
    key = request.headers.get("Idempotency-Key") or None
    sender = f"household:{household[0]}" if key else ""
    key_print = actions.fingerprint(
        household=household[0], category=payload.category, urgency=payload.urgency,
        text=payload.text,
    ) if key else ""  # fmt: skip
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO helpdesk_request (compound_id, household_id, category, urgency, status, "
            "text, items, photo, source, created_at, acknowledge_by, due_at, group_id, outcome, "
            "idempotency_key, idempotency_sender, idempotency_fingerprint) VALUES (%s, %s, %s, "
            "%s, %s, %s, %s, '', 'link', %s, %s, %s, %s, '', %s, %s, %s) RETURNING id",
            [compound, household[0], payload.category, payload.urgency, S.NEW, payload.text,
             "[]", _db(now), _db(acknowledge_by), _db(due), group, key, sender, key_print],
        )  # fmt: skip
        pk = cursor.fetchone()[0]
        _log(pk, None, actions.HOUSEHOLD, EventKind.SUBMITTED, "", S.NEW, "住户链接")
    return Status(201, RequestOut(
        id=pk, household=address(household[5], household[6], household[4], household[3]),
        category=payload.category, urgency=payload.urgency, status=S.NEW, text=payload.text,
        items=[], due_at=due, assignee=None, outcome="", replies=[],
    ))  # fmt: skip


@api.get("/requests/pool", response=list[PoolItemOut])
def pool(request: HttpRequest) -> list[PoolItemOut]:
    user = staff(request)
    compounds = user.scope.compounds or [0]
    groups = working_group_ids(user) or [0]
    rows = _rows(
        f"SELECT r.id, r.category, r.urgency, r.text, r.items, r.due_at, {ADDRESS} FROM {REQUESTS} "
        f"WHERE r.compound_id IN ({', '.join(['%s'] * len(compounds))}) "
        f"AND (r.group_id IN ({', '.join(['%s'] * len(groups))}) OR r.group_id IS NULL) "
        "AND r.assignee_id IS NULL AND r.status IN (%s, %s) ORDER BY r.due_at, r.id LIMIT %s",
        [*compounds, *groups, *UNCLAIMED, POOL_SIZE],
    )
    return [
        PoolItemOut(
            id=r[0], household=address(r[9], r[10], r[8], r[7]), floor=r[6], category=r[1],
            urgency=r[2], text=r[3], items=_items(r[4]), due_at=_datetime(r[5]),
        )
        for r in rows
    ]  # fmt: skip


@api.post("/requests/{request_id}/claim", response=RequestOut)
def claim(request: HttpRequest, request_id: int) -> RequestOut:
    user, row = _visible(request, request_id)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE helpdesk_request SET status = %s, assignee_id = %s, acknowledged_at = %s "
            "WHERE id = %s AND assignee_id IS NULL AND status IN (%s, %s)",
            [S.ASSIGNED, user.pk, _now(), request_id, *UNCLAIMED],
        )
        if cursor.rowcount != 1:
            raise HttpError(409, "already claimed")
        _log(request_id, user.pk, user.name, EventKind.CLAIMED, row[3], S.ASSIGNED)
    return _out((*row[:3], S.ASSIGNED, *row[4:]), user.name, _replies(request_id))


@api.post("/requests/{request_id}/close", response=RequestOut)
def close(request: HttpRequest, request_id: int, payload: CloseIn) -> RequestOut:
    user, row = _visible(request, request_id)
    if row[7] != user.pk:
        raise HttpError(403, "not yours")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE helpdesk_request SET status = %s, outcome = %s, closed_at = %s "
            f"WHERE id = %s AND status IN ({', '.join(['%s'] * len(OPEN))})",
            [S.DONE, payload.outcome, _now(), request_id, *OPEN],
        )
        if cursor.rowcount != 1:
            raise HttpError(409, "already closed")
        _log(request_id, user.pk, user.name, EventKind.CLOSED, row[3], S.DONE, payload.reply)
        cursor.execute(
            "INSERT INTO helpdesk_reply (request_id, at, by_id, from_household, text) "
            "VALUES (%s, %s, %s, %s, %s)",
            [request_id, _now(), user.pk, False, payload.reply],
        )
    out = (*row[:3], S.DONE, *row[4:9], payload.outcome, *row[10:])
    return _out(out, user.name, _replies(request_id))
