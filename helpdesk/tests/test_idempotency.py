"""Idempotency keys are the sender's own, and a key reused for another request is a 422."""

from helpdesk.models import Request
from helpdesk.tests.test_api import post

DATA = {"category": "medicine", "urgency": "normal", "text": "降压药吃完了"}


def test_another_households_key_is_another_request_and_shows_nothing_of_the_first(world, groups):
    key = {"Idempotency-Key": "k-1"}
    first = post(world.client(None), f"/api/households/{world.h201.access_token}/requests",
                 DATA, **key)  # fmt: skip
    other = post(world.client(None), f"/api/households/{world.other_household.access_token}"
                 "/requests", {**DATA, "text": "要米"}, **key)  # fmt: skip
    assert (first.status_code, other.status_code) == (201, 201)
    assert other.json()["id"] != first.json()["id"]
    assert "2栋" not in other.text and "降压药" not in other.text
    assert Request.objects.count() == 2


def test_a_staff_key_is_not_a_households_key(world, groups):
    key = {"Idempotency-Key": "k-2"}
    post(world.client(None), f"/api/households/{world.h201.access_token}/requests", DATA, **key)
    staff = post(world.client(world.admin), "/api/requests",
                 {**DATA, "household_id": world.h201.pk}, **key)  # fmt: skip
    assert staff.status_code == 201
    assert Request.objects.count() == 2


def test_the_same_key_with_a_different_body_is_a_422(world, groups):
    url = f"/api/households/{world.h201.access_token}/requests"
    key = {"Idempotency-Key": "k-3"}
    assert post(world.client(None), url, DATA, **key).status_code == 201
    again = post(world.client(None), url, {**DATA, "text": "要米"}, **key)
    assert again.status_code == 422
    assert "Idempotency-Key" in again.json()["detail"]
    assert Request.objects.count() == 1
