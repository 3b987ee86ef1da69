import pytest
from django.urls import reverse

from linli.errors import Conflict
from logistics import corner
from logistics.models import Item, Offer


def test_an_offer_is_asked_for_and_carried_over_as_a_delivery(world, gatekeeper):
    page = reverse("household_page", args=[world.h101.access_token])
    world.client(None).post(
        reverse("corner_offer", args=[world.h101.access_token]), {"text": "十个鸡蛋"}
    )
    offer = Offer.objects.get()
    other = world.client(None).get(reverse("household_page", args=[world.h201.access_token]))
    body = other.content.decode()
    assert "十个鸡蛋" in body and "1栋" in body and "101" not in body.split("十个鸡蛋")[1][:80]
    world.client(None).post(reverse("corner_ask", args=[world.h201.access_token, offer.pk]))
    offer.refresh_from_db()
    assert offer.taker == world.h201
    world.client(gatekeeper).post(reverse("gate_corner_move", args=[offer.pk]))
    item = Item.objects.get()
    assert item.household == world.h201 and item.kind == "donation"
    assert world.client(None).get(page).status_code == 200


def test_of_two_neighbours_asking_one_gets_it(world):
    offer = corner.offer(household=world.h101, text="大米")
    corner.ask_for(household=world.h201, offer=offer)
    with pytest.raises(Conflict):
        corner.ask_for(household=world.h301, offer=offer)
    offer.refresh_from_db()
    assert offer.taker == world.h201


def test_a_household_of_another_compound_cannot_ask(world):
    offer = corner.offer(household=world.h101, text="大米")
    response = world.client(None).post(
        reverse("corner_ask", args=[world.other_household.access_token, offer.pk])
    )
    assert response.status_code == 404


def test_an_empty_offer_is_refused(world):
    response = world.client(None).post(
        reverse("corner_offer", args=[world.h101.access_token]), {"text": "  "}, follow=True
    )
    assert not Offer.objects.exists()
    assert 'class="notice error"' in response.content.decode()


def test_the_asker_is_told_the_offer_is_theirs_not_that_somebody_asked(world):
    from django.utils.translation import gettext

    offer = corner.offer(household=world.h101, text="大米")
    corner.ask_for(household=world.h201, offer=offer)
    body = (
        world.client(None)
        .get(reverse("household_page", args=[world.h201.access_token]))
        .content.decode()
    )
    assert gettext("yours: a volunteer will bring it") in body
    assert f"大米 · {gettext('asked for')}" not in body
