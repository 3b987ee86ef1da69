"""Work the worker does besides sending: timed jobs, and queues of long work.

Both are registered by the apps that own them, from their AppConfig.ready().
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

JOBS: list[tuple[str, Callable[[], str]]] = []
QUEUES: list[tuple[str, Callable[[], str]]] = []


def register(name: str, job: Callable[[], str]) -> None:
    """`job` does its work and returns a line to log, or "" when there was nothing to do."""
    JOBS.append((name, job))


def register_queue(name: str, drain: Callable[[], str]) -> None:
    """`drain` takes one piece of long work (a roster import), does it and returns a line to
    log, or "" when nothing waited. The worker drains queues beside the outbox, in a thread of
    their own, so that messages keep going out during a long import."""
    QUEUES.append((name, drain))


def run_jobs() -> list[str]:
    lines = []
    for name, job in JOBS:
        if line := job():
            lines.append(f"{name}: {line}")
    return lines


def drain_queues() -> list[str]:
    """One piece of work from each queue; a queue's failure is logged, not raised."""
    lines = []
    for name, drain in QUEUES:
        try:
            line = drain()
        except Exception:  # the next pass tries again; the worker must not stop
            logger.exception("queue %s failed", name)
            continue
        if line:
            lines.append(f"{name}: {line}")
    return lines
