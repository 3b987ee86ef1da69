"""Money on a request: only those working on it record it; amounts are bounded; all audited."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AuditEntry
from helpdesk import actions
from helpdesk.models import Purchase
from helpdesk.tests.helpers import submit


def test_a_volunteer_not_holding_the_request_cannot_record_money(world, groups):
    item = submit(world)
    response = world.client(world.volunteer).post(
        reverse("helpdesk_purchase", args=[item.pk]),
        {"description": "x", "amount": "99999999.99", "paid_by": "volunteer"},
    )
    assert response.status_code == 403
    assert not Purchase.objects.exists()


def test_a_volunteer_not_holding_the_request_cannot_mark_an_advance_repaid(world, groups):
    item = submit(world)
    actions.claim_request(request=item, user=world.admin)
    bought = actions.record_purchase(
        request=item, user=world.admin, description="药", amount=Decimal("30"), paid_by="volunteer"
    )
    with pytest.raises(PermissionDenied):
        actions.mark_repaid(purchase=bought, user=world.volunteer, reference="x")
    assert not Purchase.objects.get().repaid


def test_an_absurd_amount_is_refused_with_the_ceiling(world, groups, settings):
    settings.LINLI_MAX_PURCHASE_AMOUNT = "5000"
    item = submit(world)
    actions.claim_request(request=item, user=world.volunteer)
    response = world.client(world.volunteer).post(
        reverse("helpdesk_purchase", args=[item.pk]),
        {"description": "药", "amount": "99999999.99", "paid_by": "volunteer"},
    )
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert not Purchase.objects.exists()


def test_every_money_write_is_audited(world, groups):
    item = submit(world)
    actions.claim_request(request=item, user=world.volunteer)
    bought = actions.record_purchase(
        request=item, user=world.volunteer, description="药", amount=Decimal("30"),
        paid_by="volunteer",
    )  # fmt: skip
    actions.mark_repaid(purchase=bought, user=world.group_leader, reference="微信 42")
    entries = AuditEntry.objects.filter(object_type="helpdesk.purchase", object_id=str(bought.pk))
    assert sorted(entries.values_list("action", "user__name")) == [
        ("create", "志愿者"), ("update", "组长"),
    ]  # fmt: skip
