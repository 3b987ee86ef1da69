import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from groupbuy import actions
from groupbuy.models import Offer, SignUp
from ledger.balances import balance_of

from .conftest import items, make_offer


def test_a_household_signs_up_from_its_link_and_sees_its_order(world, leader, client):
    offer = make_offer(leader, world.compound)
    token = world.h101.access_token
    page = client.get(reverse("household_page", args=[token]))
    assert "牛奶" in page.content.decode() and "¥5.50/盒" in page.content.decode()
    milk = items(offer)["牛奶"]
    response = client.post(reverse("groupbuy_sign_up", args=[token, offer.pk]),
                           {f"item-{milk}": "2", f"more-{milk}": "1"})  # fmt: skip
    assert response.status_code == 302
    line = SignUp.objects.get(offer=offer, household=world.h101).lines.get()
    assert (line.quantity, line.tolerance) == (2, 1)
    bad = client.post(reverse("groupbuy_sign_up", args=[token, offer.pk]),
                      {f"item-{milk}": "1.5"}, follow=True)  # fmt: skip
    assert "不是整数" in bad.content.decode()
    assert line.__class__.objects.get(pk=line.pk).quantity == 2


def test_a_leader_publishes_from_the_form_and_a_blank_title_is_refused(world, leader):
    client = world.client(leader)
    later = timezone.localtime(timezone.now() + timedelta(hours=2))  # typed in local time
    data = {
        "title": "", "supplier": "光明", "cutoff_at": f"{later:%Y-%m-%dT%H:%M}",
        "minimum_kind": "none", "fee_split": "household",
        "items-TOTAL_FORMS": "4", "items-INITIAL_FORMS": "0",
        "items-0-name": "牛奶", "items-0-unit": "盒", "items-0-price": "5.50",
        "items-0-case_size": "12",
    }  # fmt: skip
    refused = client.post(reverse("groupbuy_offer_new"), data)
    assert refused.status_code == 400 and not Offer.objects.exists()
    data["title"] = "牛奶团"
    made = client.post(reverse("groupbuy_offer_new"), data)
    assert made.status_code == 302, made.content.decode()[-3000:]
    offer = Offer.objects.get()
    assert made.url == reverse("groupbuy_offer", args=[offer.pk])
    page = client.get(made.url).content.decode()
    assert "【团购】牛奶团" in page and offer.merge_code in page


def test_the_leader_sees_what_is_owed_in_fen_and_marks_it_paid_from_the_page(world, leader):
    offer = make_offer(leader, world.compound, fee=Decimal("10.00"), fee_split="household")
    milk = items(offer)["牛奶"]
    for household in (world.h101, world.h201, world.h301):
        actions.sign_up(offer=offer, household=household, quantities={milk: 4})
    actions.close(user=leader, offer=offer)
    client = world.client(leader)
    page = client.get(reverse("groupbuy_offer", args=[offer.pk])).content.decode()
    # 4 × 5.50 and a third of the fee: summed by the database, still shown in fen.
    assert "¥25.33" in page and "25.330" not in page
    signup = SignUp.objects.get(offer=offer, household=world.h101)
    amount = re.search(
        rf'groupbuy/{offer.pk}/signups/{signup.pk}/paid/.*?name="amount" value="([^"]+)"',
        page,
        re.S,
    )
    assert amount is not None and amount.group(1) in ("25.33", "25.34")
    paid = reverse("groupbuy_paid", args=[offer.pk, signup.pk])
    response = client.post(paid, {"amount": amount.group(1), "reference": "wx-1"}, follow=True)
    assert "已登记付款" in response.content.decode()
    assert balance_of(world.h101, offer.topic) == 0


def test_a_refusal_is_shown_where_the_redirect_lands_not_above_the_fold(world, leader, client):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    token = world.h101.access_token
    url = reverse("groupbuy_sign_up", args=[token, offer.pk])
    response = client.post(url, {f"item-{milk}": "1.5"})
    assert response.url.endswith("#section-groupbuy")
    page = client.get(response.url).content.decode()
    section = page[page.index('id="section-groupbuy"') :]
    assert "不是整数" in section and "不是整数" not in page[: page.index('id="section-groupbuy"')]

    actions.sign_up(offer=offer, household=world.h101, quantities={milk: 12})
    actions.close(user=leader, offer=offer)
    signup = SignUp.objects.get(offer=offer, household=world.h101)
    staff = world.client(leader)
    paid = reverse("groupbuy_paid", args=[offer.pk, signup.pk])
    staff.post(paid, {"amount": "10.00", "reference": "wx-9"})
    response = staff.post(paid, {"amount": "10.00", "reference": "wx-9"})
    assert response.url.endswith("#money")
    page = staff.get(response.url).content.decode()
    assert "已经登记过" in page[page.index('id="money"') :]


def test_after_the_cut_off_the_household_still_sees_its_order(world, leader, client):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    actions.sign_up(offer=offer, household=world.h101, quantities={milk: 6})
    Offer.objects.filter(pk=offer.pk).update(cutoff_at=timezone.now() - timedelta(minutes=1))
    page = client.get(reverse("household_page", args=[world.h101.access_token])).content.decode()
    section = page[page.index('id="section-groupbuy"') :]
    assert "牛奶鸡蛋" in section and "已截单" in section and "×6盒" in section


def test_a_late_sign_up_asks_the_leader_for_the_reason_and_keeps_what_was_typed(world, leader):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    Offer.objects.filter(pk=offer.pk).update(cutoff_at=timezone.now() - timedelta(minutes=1))
    client = world.client(leader)
    url = reverse("groupbuy_proxy", args=[offer.pk])
    refused = client.post(url, {"where": "1-1-101", f"item-{milk}": "12"})
    assert refused.status_code == 400
    assert "说明补报原因" in refused.content.decode() and 'value="12"' in refused.content.decode()
    added = client.post(url, {"where": "1-1-101", f"item-{milk}": "12", "late_reason": "老人"})
    assert added.status_code == 302
    assert SignUp.objects.get(offer=offer, household=world.h101).late_reason == "老人"
    page = client.get(reverse("groupbuy_offer", args=[offer.pk])).content.decode()
    assert "补报：老人" in page and "代报：团长" in page


def test_a_volunteer_is_told_plainly_a_household_is_not_in_their_buildings(world, leader):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    client = world.client(world.volunteer)  # building 2
    url = reverse("groupbuy_proxy", args=[offer.pk])
    refused = client.post(url, {"where": "1-1-101", f"item-{milk}": "6"})
    assert refused.status_code == 400 and "1栋1单元101 不在您负责的楼栋" in refused.content.decode()
    assert client.post(url, {"where": "2-1-201", f"item-{milk}": "6"}).status_code == 302
    assert SignUp.objects.filter(offer=offer).count() == 1


def test_a_bad_item_row_is_refused_once_in_words_and_never_dropped(world, leader):
    client = world.client(leader)
    later = timezone.localtime(timezone.now() + timedelta(hours=2))
    data = {
        "title": "草莓", "supplier": "果园", "cutoff_at": f"{later:%Y-%m-%dT%H:%M}",
        "minimum_kind": "none", "fee_split": "household",
        "items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0",
        "items-0-name": "草莓", "items-0-unit": "斤", "items-0-price": "-3",
        "items-1-name": "", "items-1-unit": "盒", "items-1-price": "12",
    }  # fmt: skip
    page = client.post(reverse("groupbuy_offer_new"), data).content.decode()
    assert "没有发布" in page and "请填写价格" not in page  # the price is there, only negative
    assert "请填写商品名称" in page and not Offer.objects.exists()


def test_a_volunteer_sees_who_owes_in_their_buildings_without_buttons_they_cannot_use(
    world, leader
):
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    for household in (world.h101, world.h201):
        actions.sign_up(offer=offer, household=household, quantities={milk: 6})
    actions.close(user=leader, offer=offer)
    page = world.client(world.volunteer).get(reverse("groupbuy_offer", args=[offer.pk]))
    text = page.content.decode()
    assert "2栋1单元201" in text and "1栋1单元101" not in text
    assert "/paid/" not in text and "付款由团长登记" in text


def test_merging_with_the_offers_own_code_says_so(world, leader):
    offer = make_offer(leader, world.compound)
    response = world.client(leader).post(
        reverse("groupbuy_merge", args=[offer.pk]), {"code": offer.merge_code.lower()}, follow=True
    )
    assert "这是本团购自己的合单码" in response.content.decode()


def test_another_compounds_offer_is_not_found_in_group_buy_words(world, leader, neighbour_leader):
    theirs = make_offer(neighbour_leader, world.other_compound)
    response = world.client(leader).get(reverse("groupbuy_offer", args=[theirs.pk]))
    assert response.status_code == 404 and "没有这个团购" in response.content.decode()


def test_closing_before_the_cut_off_needs_the_leader_to_say_so(world, leader):
    offer = make_offer(leader, world.compound)
    client = world.client(leader)
    url = reverse("groupbuy_close", args=[offer.pk])
    page = client.post(url, follow=True).content.decode()
    assert "提前截单" in page or "close it now" in page
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OPEN
    client.post(url, {"early": "1"}, follow=True)
    offer.refresh_from_db()
    assert offer.status != Offer.Status.OPEN


def test_a_proxy_sign_up_takes_the_households_tolerance_too(world, leader):
    """Volunteer 2栋 signs up 201 for 6 boxes, willing to take 6 more to complete a case."""
    offer = make_offer(leader, world.compound)
    milk = items(offer)["牛奶"]
    client = world.client(world.volunteer)
    url = reverse("groupbuy_proxy", args=[offer.pk])
    assert f'name="more-{milk}"' in client.get(url).content.decode()
    client.post(url, {"where": "2-1-201", f"item-{milk}": "6", f"more-{milk}": "6"})
    line = SignUp.objects.get(offer=offer, household=world.h201).lines.get()
    assert (line.quantity, line.tolerance) == (6, 6)
