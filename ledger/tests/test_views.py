"""The money page's donation and spending form, as the admin types into it."""

from django.urls import reverse

from ledger.models import Transaction


def _record(client, world, **data):
    data = {"compound": world.compound.pk, "kind": "donation", "memo": "张阿姨", **data}
    return client.post(reverse("money_fund"), data, follow=True).content.decode()


def test_amounts_people_would_not_write_are_refused_in_words(world):
    client = world.client(world.admin)
    for typed, said in (("1e3", "不是金额"), ("", "请按元填写金额"), ("0", "大于零"),
                        ("1.234", "两位小数"), ("abc", "不是金额")):  # fmt: skip
        page = _record(client, world, amount=typed)
        assert said in page, typed
    assert not Transaction.objects.exists()
    assert "已记账" in _record(client, world, amount="50")
    assert Transaction.objects.count() == 1


def test_spending_says_what_it_was_for(world):
    client = world.client(world.admin)
    page = _record(client, world, kind="spending", amount="20", memo=" ")
    assert "请写明这笔钱用于什么" in page and not Transaction.objects.exists()
    assert "已记账" in _record(client, world, kind="spending", amount="20", memo="口罩")


def test_a_volunteer_does_not_record_money(world):
    response = world.client(world.volunteer).post(
        reverse("money_fund"), {"compound": world.compound.pk, "amount": "50"}
    )
    assert response.status_code == 403 and not Transaction.objects.exists()
