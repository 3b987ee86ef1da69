from __future__ import annotations

from datetime import date

import pytest

from health import actions
from health.models import SamplingPoint, TestRound


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def round(world) -> TestRound:
    """A 10-in-1 round of the whole of 阳光小区 today, with one point and its open tube."""
    opened = actions.open_round(
        user=world.admin,
        compound=world.compound,
        name="第一轮",
        day=date.today(),
        buildings=[],
        tube_size=10,
        points=["东门"],
    )
    return opened


@pytest.fixture
def point(round) -> SamplingPoint:
    found = round.points.get(door_to_door=False)
    return found


@pytest.fixture
def tube(world, point):
    return actions.open_tube(user=world.admin, point=point, code="T0001")
