"""Every message that leaves Linli, and every timed job, as a row: sent once, retried, visible.

An action writes the row inside its own transaction (so the message exists exactly when the
change it announces does) and `linli worker` drains the table. Each row is claimed with a
conditional update, which works the same on SQLite and PostgreSQL (select_for_update does
nothing on SQLite).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ATTEMPTS = 8


def lease() -> timedelta:
    """How long a claim holds: a worker killed mid-send leaves its row to be taken again."""
    return timedelta(seconds=settings.LINLI_OUTBOX_LEASE_SECONDS)


class Status(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, given up")


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self, now: datetime) -> MessageQuerySet:
        """Waiting and due, or claimed by a worker whose lease ran out (it died mid-send)."""
        return self.filter(
            Q(status=Status.PENDING, available_at__lte=now)
            | Q(status=Status.SENDING, claimed_until__lt=now)
        )


class Message(models.Model):
    kind = models.CharField(max_length=30)  # which sender takes it: "webhook", later "wecom"
    target = models.CharField(max_length=500, blank=True)  # a URL, a group robot key
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["status", "available_at"])]
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.status}"

    @property
    def key(self) -> str:
        """Sent with every attempt, so that a receiver keeps one copy of a resent message."""
        return f"linli-outbox-{self.pk}"

    def claim(self, now: datetime) -> bool:
        """Take this row for sending; of two workers, exactly one gets it."""
        claimed = (
            Message.objects.due(now)
            .filter(pk=self.pk, attempts=self.attempts)
            .update(status=Status.SENDING, claimed_until=now + lease(), attempts=F("attempts") + 1)
        )
        if claimed:
            self.status, self.attempts = Status.SENDING, self.attempts + 1
        return bool(claimed)

    def mark_sent(self) -> None:
        Message.objects.filter(pk=self.pk, status=Status.SENDING).update(
            status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
        )

    def mark_failed(self, error: str, now: datetime) -> None:
        """Try again later, waiting longer each time; after MAX_ATTEMPTS, give up and say so."""
        fields: dict[str, object]
        if self.attempts >= MAX_ATTEMPTS:
            fields = {"status": Status.FAILED}
        else:
            wait = timedelta(seconds=min(2**self.attempts * 15, 3600))
            fields = {"status": Status.PENDING, "available_at": now + wait}
        Message.objects.filter(pk=self.pk, status=Status.SENDING).update(
            claimed_until=None, last_error=error[:2000], **fields
        )
