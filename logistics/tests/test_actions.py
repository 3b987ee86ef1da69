import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helpdesk import actions as helpdesk_actions
from helpdesk.models import Status as RequestStatus
from linli.errors import Conflict
from logistics import actions
from logistics.models import Handoff, Item, Kind, Status


def receive(world, user, label="1栋1单元101 张三丰", **kwargs):
    return actions.receive_item(
        user=user, compound=world.compound, kind=kwargs.pop("kind", Kind.PARCEL),
        label_text=label, **kwargs,
    )  # fmt: skip


def test_an_item_is_logged_for_the_household_with_a_code_and_a_slot(world, gatekeeper):
    item = receive(world, gatekeeper, sender="京东")
    assert item.household == world.h101
    assert item.building == world.b1
    assert item.resident == world.zhang
    assert item.status == Status.GATE
    assert len(item.code) == 6 and item.code.isalnum()
    assert item.slot and item.due_at > item.received_at
    assert list(item.handoffs.values_list("stage", "by")) == [(Status.GATE, gatekeeper.pk)]


def test_an_unknown_address_goes_on_the_shelf_with_its_label(world, gatekeeper):
    item = receive(world, gatekeeper, label="帮忙送到王牌路37号邮电宿舍")
    assert item.status == Status.SHELF
    assert item.household is None
    assert item.label_text == "帮忙送到王牌路37号邮电宿舍"


def test_a_blank_label_is_refused(world, gatekeeper):
    with pytest.raises(ValidationError):
        receive(world, gatekeeper, label="  ")
    assert not Item.objects.exists()


@pytest.mark.parametrize("pieces", [0, -1, 1000])
def test_an_impossible_count_is_refused(world, gatekeeper, pieces):
    with pytest.raises(ValidationError):
        receive(world, gatekeeper, pieces=pieces)
    assert not Item.objects.exists()


def test_the_medical_adviser_does_not_receive_goods(world):
    with pytest.raises(PermissionDenied):
        receive(world, world.medical)


def test_a_shelved_item_is_resolved_to_a_household_once(world, gatekeeper):
    item = receive(world, gatekeeper, label="王牌路37号")
    actions.resolve_item(user=gatekeeper, item=item, household=world.h201)
    item.refresh_from_db()
    assert (item.status, item.household, item.building) == (Status.GATE, world.h201, world.b2)
    with pytest.raises(Conflict, match="no longer on the shelf"):
        actions.resolve_item(user=gatekeeper, item=item, household=world.h301)
    item.refresh_from_db()
    assert item.household == world.h201


def test_a_household_of_another_compound_is_refused(world, gatekeeper):
    item = receive(world, gatekeeper, label="王牌路37号")
    with pytest.raises(ValidationError):
        actions.resolve_item(user=gatekeeper, item=item, household=world.other_household)


def test_a_shelved_item_leaves_only_with_a_reason(world, gatekeeper):
    item = receive(world, gatekeeper, label="王牌路37号")
    with pytest.raises(ValidationError):
        actions.close_shelf_item(user=gatekeeper, item=item, status=Status.RETURNED, reason=" ")
    actions.close_shelf_item(
        user=gatekeeper, item=item, status=Status.RETURNED, reason="顺丰快递员取回"
    )
    item.refresh_from_db()
    assert item.status == Status.RETURNED and item.closed_reason == "顺丰快递员取回"


def test_the_relay_runs_gate_grid_building_door_each_step_once(world, gatekeeper):
    item = receive(world, gatekeeper)
    actions.hand_off(user=gatekeeper, item=item, stage=Status.GRID)
    with pytest.raises(Conflict, match="Already done"):
        actions.hand_off(user=gatekeeper, item=item, stage=Status.GRID)
    actions.hand_off(user=world.building_leader, item=item, stage=Status.BUILDING)
    actions.hand_off(user=world.building_leader, item=item, stage=Status.DELIVERED)
    stages = list(item.handoffs.values_list("stage", flat=True))
    assert stages == [Status.GATE, Status.GRID, Status.BUILDING, Status.DELIVERED]


def test_a_step_back_changes_nothing_and_says_why(world, gatekeeper):
    item = receive(world, gatekeeper)
    actions.hand_off(user=gatekeeper, item=item, stage=Status.BUILDING)  # the grid step skipped
    with pytest.raises(Conflict, match="Out of order"):
        actions.hand_off(user=gatekeeper, item=item, stage=Status.GRID)
    item.refresh_from_db()
    assert item.status == Status.BUILDING
    assert item.handoffs.count() == 2


def test_a_delivery_confirmed_twice_changes_nothing(world, gatekeeper):
    item = receive(world, gatekeeper)
    actions.hand_off(user=gatekeeper, item=item, stage=Status.DELIVERED)
    with pytest.raises(Conflict, match="Already done"):
        actions.confirm_by_household(household=world.h101, item=item)
    assert item.handoffs.filter(stage=Status.DELIVERED).count() == 1


def test_a_shelved_item_cannot_be_handed_on(world, gatekeeper):
    item = receive(world, gatekeeper, label="王牌路37号")
    with pytest.raises(Conflict, match="shelf"):
        actions.hand_off(user=gatekeeper, item=item, stage=Status.GRID)


def test_the_household_confirms_on_its_link(world, gatekeeper):
    item = receive(world, gatekeeper)
    actions.confirm_by_household(household=world.h101, item=item)
    item.refresh_from_db()
    assert item.status == Status.DELIVERED
    assert Handoff.objects.get(item=item, stage=Status.DELIVERED).actor == actions.HOUSEHOLD
    with pytest.raises(PermissionDenied):
        actions.confirm_by_household(household=world.h201, item=item)


def test_delivering_the_goods_of_a_request_closes_it(world, gatekeeper):
    request, _ = helpdesk_actions.submit_request(
        household=world.h101, category="food", text="帮买米", source="link"
    )
    item = receive(world, gatekeeper)
    actions.link_request(user=gatekeeper, item=item, request=request)
    actions.hand_off(user=gatekeeper, item=item, stage=Status.DELIVERED)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    assert "门口" in request.replies.last().text or "door" in request.replies.last().text


def test_a_request_of_another_household_cannot_be_linked(world, gatekeeper):
    request, _ = helpdesk_actions.submit_request(
        household=world.h201, category="food", text="帮买米", source="link"
    )
    with pytest.raises(ValidationError):
        actions.link_request(user=gatekeeper, item=receive(world, gatekeeper), request=request)


def test_goods_for_an_urgent_request_go_at_once(world, gatekeeper):
    request, _ = helpdesk_actions.submit_request(
        household=world.h101, category="medicine", text="胰岛素", source="link", urgency="urgent"
    )
    item = receive(world, gatekeeper, label="", request=request)
    assert item.household == world.h101
    assert (item.due_at - item.received_at).total_seconds() == 30 * 60
