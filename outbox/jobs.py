"""Timed jobs the worker runs, registered by the apps that own them."""

from __future__ import annotations

from collections.abc import Callable

JOBS: list[tuple[str, Callable[[], str]]] = []


def register(name: str, job: Callable[[], str]) -> None:
    """`job` does its work and returns a line to log, or "" when there was nothing to do."""
    JOBS.append((name, job))


def run_jobs() -> list[str]:
    lines = []
    for name, job in JOBS:
        if line := job():
            lines.append(f"{name}: {line}")
    return lines
