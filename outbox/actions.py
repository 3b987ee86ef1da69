"""Putting a message in the outbox, and draining it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from outbox.models import Message
from outbox.senders import SENDERS


def enqueue(*, kind: str, payload: dict[str, Any], target: str = "") -> Message:
    """A message to send once the caller's transaction commits.

    The row is written inside the caller's transaction rather than from on_commit: a process
    that dies between the commit and an on_commit hook would lose the message; written here,
    it exists exactly when the change it announces does. on_commit only wakes the worker.
    """
    if kind not in SENDERS:
        raise ValueError(f"no sender for {kind!r}")
    message = Message.objects.create(kind=kind, payload=payload, target=target)
    transaction.on_commit(wake_worker)
    return message


def wake_worker() -> None:
    """The worker polls every few seconds; nothing to do until it listens for a signal."""


def send_due(*, now: datetime | None = None, limit: int = 100) -> int:
    """Send what is due, each row claimed first; the number sent."""
    now = now or timezone.now()
    sent = 0
    for message in list(Message.objects.due(now)[:limit]):
        if not message.claim(now):
            continue  # another worker took it
        try:
            SENDERS[message.kind](message)
        except Exception as exc:  # a sender's failure of any kind is recorded, not raised
            message.mark_failed(f"{type(exc).__name__}: {exc}", timezone.now())
        else:
            message.mark_sent()
            sent += 1
    return sent
