from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from groupbuy import actions
from groupbuy.actions import ItemSpec
from groupbuy.models import Offer, SignUp
from linli.errors import Conflict

from .conftest import items, make_offer


def test_publishing_refuses_what_a_resident_could_not_order(world, leader):
    with pytest.raises(ValidationError, match="future"):
        make_offer(leader, world.compound, cutoff_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match="not a unit"):
        make_offer(leader, world.compound, items=[ItemSpec("鸡蛋", "打", Decimal(10))])
    with pytest.raises(ValidationError, match="negative"):
        make_offer(leader, world.compound, fee=Decimal("-1"))
    with pytest.raises(ValidationError, match="no 9"):
        make_offer(leader, world.compound, buildings="1-2, 9")
    assert not Offer.objects.exists()


def test_only_group_buy_leaders_and_admins_publish(world, leader):
    with pytest.raises(PermissionDenied):
        make_offer(world.volunteer, world.compound)


def test_a_household_signs_up_changes_and_cancels_keeping_its_place(world, leader):
    offer = make_offer(leader, world.compound)
    ids = items(offer)
    first = actions.sign_up(offer=offer, household=world.h101, quantities={ids["牛奶"]: 2})
    actions.sign_up(offer=offer, household=world.h201, quantities={ids["鸡蛋"]: "1.5"})
    again = actions.sign_up(offer=offer, household=world.h101, quantities={ids["牛奶"]: 4})
    assert again.pk == first.pk
    assert [s.household_id for s in offer.signups.filter(cancelled=False)] == [
        world.h101.pk, world.h201.pk,
    ]  # fmt: skip
    assert again.lines.get().quantity == 4
    actions.cancel(offer=offer, household=world.h101)
    assert SignUp.objects.get(pk=first.pk).cancelled


@pytest.mark.parametrize(
    ("item", "quantity", "message"),
    [
        ("牛奶", "1.5", "whole"),
        ("牛奶", "-1", "negative"),
        ("牛奶", "abc", "not a quantity"),
        ("鸡蛋", "6", "at most 5"),
        ("鸡蛋", "1.25", "tenth"),
    ],
)
def test_bad_quantities_are_refused_and_change_nothing(world, leader, item, quantity, message):
    offer = make_offer(leader, world.compound)
    with pytest.raises(ValidationError, match=message):
        actions.sign_up(offer=offer, household=world.h101,
                        quantities={items(offer)[item]: quantity})  # fmt: skip
    assert not offer.signups.exists()


def test_after_the_cut_off_only_the_leader_adds_a_household_with_a_reason(world, leader):
    offer = make_offer(leader, world.compound)
    Offer.objects.filter(pk=offer.pk).update(cutoff_at=timezone.now() - timedelta(minutes=1))
    offer.refresh_from_db()
    milk = {items(offer)["牛奶"]: 1}
    with pytest.raises(ValidationError, match="cut-off has passed"):
        actions.sign_up(offer=offer, household=world.h101, quantities=milk)
    with pytest.raises(ValidationError, match="cut-off has passed"):
        actions.sign_up(offer=offer, household=world.h101, quantities=milk, leader=leader)
    late = actions.sign_up(offer=offer, household=world.h101, quantities=milk, leader=leader,
                           late_reason="老人不会用手机")  # fmt: skip
    assert late.late_reason == "老人不会用手机"


def test_a_household_of_another_compound_or_outside_the_buildings_is_refused(world, leader):
    offer = make_offer(leader, world.compound, buildings="1-2")
    milk = {items(offer)["牛奶"]: 1}
    with pytest.raises(PermissionDenied):
        actions.sign_up(offer=offer, household=world.other_household, quantities=milk)
    with pytest.raises(ValidationError, match="only"):
        actions.sign_up(offer=offer, household=world.h301, quantities=milk)


def test_a_proxy_sign_up_is_recorded_as_such_and_needs_scope(world, leader):
    offer = make_offer(leader, world.compound)
    milk = {items(offer)["牛奶"]: 1}
    signup = actions.sign_up(offer=offer, household=world.h201, quantities=milk,
                             proxy_by=world.volunteer)  # fmt: skip
    assert signup.proxy_by == world.volunteer
    with pytest.raises(PermissionDenied):  # the volunteer serves building 2 only
        actions.sign_up(offer=offer, household=world.h101, quantities=milk,
                        proxy_by=world.volunteer)  # fmt: skip


def test_a_flash_offer_refuses_what_is_not_left(world, leader):
    offer = make_offer(leader, world.compound, items=[
        ItemSpec("口罩", "盒", Decimal(20), stock=Decimal(3)),
    ])  # fmt: skip
    mask = items(offer)["口罩"]
    actions.sign_up(offer=offer, household=world.h101, quantities={mask: 2})
    with pytest.raises(Conflict, match="only 1"):
        actions.sign_up(offer=offer, household=world.h201, quantities={mask: 2})
    actions.sign_up(offer=offer, household=world.h201, quantities={mask: 1})
    actions.cancel(offer=offer, household=world.h101)  # gives its two back
    actions.sign_up(offer=offer, household=world.h301, quantities={mask: 2})
    assert offer.items.get().taken_milli == 3000
