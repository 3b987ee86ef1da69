from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role, User
from helpdesk import actions
from helpdesk.models import Purchase, Request, RequestEvent, Status


def submit(world, household=None, category="medicine", **kwargs):
    request, _ = actions.submit_request(
        household=household or world.h201, category=category, text="降压药吃完了",
        source="link", **kwargs,
    )  # fmt: skip
    return request


def test_a_request_is_routed_and_gets_due_times(world, groups):
    medicine, supplies = groups
    request = submit(world)
    assert request.group == medicine
    assert request.status == Status.NEW
    assert request.acknowledge_by > request.created_at
    assert request.due_at > request.acknowledge_by
    assert submit(world, category="food").group == supplies
    assert submit(world, category="utility").group is None


def test_life_threatening_requests_are_due_within_minutes(world, groups):
    request = submit(world, category="medical", urgency="life")
    assert request.acknowledge_by - request.created_at == timedelta(minutes=5)


def test_the_whole_loop_is_logged(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    actions.start_request(request=request, user=world.volunteer)
    actions.close_request(
        request=request, user=world.volunteer, outcome="fulfilled", reply="已送到门口"
    )
    actions.confirm_receipt(request=request)
    request.refresh_from_db()
    assert request.status == Status.DONE
    assert request.confirmed_at is not None
    kinds = list(RequestEvent.objects.filter(request=request).values_list("kind", flat=True))
    assert kinds == ["submitted", "claimed", "started", "closed", "confirmed"]
    assert [r.text for r in request.replies.all()] == ["已送到门口"]


def test_closing_needs_an_outcome_and_a_reply(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    with pytest.raises(ValidationError):
        actions.close_request(request=request, user=world.volunteer, outcome="fulfilled", reply=" ")
    with pytest.raises(ValidationError):
        actions.close_request(request=request, user=world.volunteer, outcome="great", reply="好了")
    request.refresh_from_db()
    assert request.status == Status.ASSIGNED


def test_a_second_claim_is_refused(world, groups):
    request = submit(world)
    other = User.objects.create_user("13700000001", "x", name="另一位", role=Role.VOLUNTEER)
    actions.claim_request(request=request, user=world.volunteer)
    with pytest.raises(actions.Conflict):
        actions.claim_request(request=request, user=other)
    request.refresh_from_db()
    assert request.assignee == world.volunteer


def test_an_idempotency_key_prevents_a_second_request(world, groups):
    first, created = actions.submit_request(
        household=world.h201, category="food", text="米", source="api", idempotency_key="abc-1"
    )
    again, created_again = actions.submit_request(
        household=world.h201, category="food", text="米", source="api", idempotency_key="abc-1"
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Request.objects.count() == 1


def test_no_answer_sets_a_follow_up_and_becomes_overdue(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    soon = timezone.now() + timedelta(minutes=30)
    actions.record_no_answer(
        request=request, user=world.volunteer, follow_up_at=soon, note="敲门没人应"
    )
    assert not Request.objects.overdue().exists()
    assert Request.objects.overdue(soon + timedelta(minutes=1)).get() == request


def test_unacknowledged_urgent_requests_are_overdue(world, groups):
    request = submit(world, category="medical", urgency="life")
    later = timezone.now() + timedelta(minutes=6)
    assert list(Request.objects.overdue(later)) == [request]


def test_the_resident_can_reopen_a_closed_request(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    actions.close_request(
        request=request, user=world.volunteer, outcome="partly", reply="只买到一盒"
    )
    actions.reopen_request(request=request, note="还差一盒")
    request.refresh_from_db()
    assert request.status == Status.NEW
    assert request.assignee is None
    assert request.replies.last().from_household


def test_only_the_holder_or_a_leader_closes(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    stranger = User.objects.create_user("13700000002", "x", name="路人", role=Role.VOLUNTEER)
    with pytest.raises(PermissionDenied):
        actions.close_request(request=request, user=stranger, outcome="fulfilled", reply="好")
    actions.close_request(request=request, user=world.admin, outcome="fulfilled", reply="好")


def test_merging_duplicates_closes_them_with_a_pointer(world, groups):
    keep, dup = submit(world), submit(world)
    assert actions.merge_duplicates(leader=world.group_leader, keep=keep, duplicates=[dup]) == 1
    dup.refresh_from_db()
    assert (dup.status, dup.outcome, dup.duplicate_of) == (Status.DONE, "duplicate", keep)


def test_money_is_decimal_and_advances_are_listed_until_repaid(world, groups):
    request = submit(world)
    actions.claim_request(request=request, user=world.volunteer)
    purchase = actions.record_purchase(
        request=request, user=world.volunteer, description="硝苯地平 2盒",
        amount=Decimal("35.50"), paid_by="volunteer",
    )  # fmt: skip
    outstanding = Purchase.objects.filter(advanced_by=world.volunteer, repaid=False)
    assert list(outstanding) == [purchase]
    assert purchase.amount == Decimal("35.50")
    actions.mark_repaid(purchase=purchase, user=world.volunteer, reference="微信 4200001234")
    assert not Purchase.objects.filter(advanced_by=world.volunteer, repaid=False).exists()
    with pytest.raises(ValidationError):
        actions.record_purchase(
            request=request, user=world.volunteer, description="x", amount=Decimal("-1"),
            paid_by="fund",
        )  # fmt: skip


def test_the_life_cycle_is_one_table_that_every_change_obeys(world, groups):
    from helpdesk.models import TRANSITIONS, Transition

    assert set(TRANSITIONS) == set(Transition)
    reachable = {to for _, to in TRANSITIONS.values()} | {Status.NEW}
    assert reachable == set(Status)
    request = submit(world)
    assert request.may(Transition.CLAIM) and not request.may(Transition.REOPEN)
    with pytest.raises(actions.Conflict):
        actions.reopen_request(request=request, note="还没到")
    actions.close_request(request=request, user=world.admin, outcome="fulfilled", reply="好")
    assert request.may(Transition.REOPEN) and not request.may(Transition.START)
