"""The kinds of work a group can take, as the apps that hand out work declare them.

The help desk registers its categories here (in its AppConfig.ready); the gate and the test
rounds will register theirs. Working groups store the codes.
"""

from __future__ import annotations

from collections.abc import Callable

_SOURCES: list[Callable[[], list[tuple[str, str]]]] = []


def register(kinds: Callable[[], list[tuple[str, str]]]) -> None:
    _SOURCES.append(kinds)


def work_kinds() -> list[tuple[str, str]]:
    return [(code, str(label)) for source in _SOURCES for code, label in source()]
