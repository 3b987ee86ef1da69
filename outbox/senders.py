"""How each kind of message is sent. A sender raises SendError (or any exception) on failure.

A new channel registers its own sender: `register("wecom", send_wecom)`.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable

from outbox.models import Message

SENDERS: dict[str, Callable[[Message], None]] = {}
TIMEOUT_SECONDS = 10


class SendError(Exception):
    pass


def register(kind: str, sender: Callable[[Message], None]) -> None:
    SENDERS[kind] = sender


def send_webhook(message: Message) -> None:
    """POST the payload as JSON to the target URL; anything but 2xx is a failure."""
    body = json.dumps(message.payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        message.target,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message.key,
            "User-Agent": "Linli outbox",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            if not 200 <= response.status < 300:
                raise SendError(f"HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        raise SendError(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SendError(str(exc)) from exc


register("webhook", send_webhook)
