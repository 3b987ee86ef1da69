from datetime import timedelta

import pytest
from django.utils import timezone

from sanitation.models import Area, AreaKind


@pytest.fixture(autouse=True)
def english():
    """Actions' messages are asserted in the English they are written in (pages are Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def planned(world, kind=AreaKind.STAIRWELL, building="b1", times=5, last=None, **fields):
    """An area in the plan since two days ago, last done `last` ago (never if None)."""
    long_ago = timezone.now() - timedelta(days=2)
    return Area.objects.create(
        compound=world.compound,
        building=getattr(world, building) if building else None,
        kind=kind,
        times_per_day=times,
        created_at=long_ago,
        last_round_at=None if last is None else timezone.now() - last,
        **fields,
    )


@pytest.fixture
def stairwell(world):
    """Building 1's stairwell, never done: overdue."""
    return planned(world)


@pytest.fixture
def gate(world):
    """The compound's gate, done a minute ago: not overdue."""
    return planned(world, kind=AreaKind.GATE, building=None, name="东门", last=timedelta(minutes=1))
