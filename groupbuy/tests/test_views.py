from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from groupbuy.models import Offer, SignUp

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
