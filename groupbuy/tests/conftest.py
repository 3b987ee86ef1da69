from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Role, User
from groupbuy import actions
from groupbuy.actions import ItemSpec
from groupbuy.models import Offer


@pytest.fixture
def leader(world):
    """The compound's 团长: serves the whole of 阳光小区."""
    user = User.objects.create_user("13800000021", "x", name="团长", role=Role.GROUP_BUY_LEADER)
    user.compounds.add(world.compound)
    return user


@pytest.fixture
def neighbour_leader(world):
    """佳日公寓's 团长, next door: serves the other compound only."""
    user = User.objects.create_user("13800000022", "x", name="邻团长", role=Role.GROUP_BUY_LEADER)
    user.compounds.add(world.other_compound)
    return user


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


def make_offer(user: User, compound: Any, **overrides: Any) -> Offer:
    fields: dict[str, Any] = {
        "title": "牛奶鸡蛋", "supplier": "光明乳业",
        "cutoff_at": timezone.now() + timedelta(hours=3),
        "items": [
            ItemSpec(name="牛奶", unit="盒", price=Decimal("5.50"), case_size=12),
            ItemSpec(name="鸡蛋", unit="斤", price=Decimal("6.80"), limit=Decimal(5)),
        ],
    }  # fmt: skip
    fields.update(overrides)
    return actions.publish_offer(user=user, compound=compound, **fields)


def items(offer: Offer) -> dict[str, int]:
    return {item.name: item.pk for item in offer.items.all()}
