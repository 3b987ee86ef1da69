import pytest
from django.urls import reverse

from logistics import actions
from logistics.models import Item, Kind, Status


@pytest.fixture
def gate_client(world, gatekeeper):
    return world.client(gatekeeper)


def log(world, user, label="1栋1单元101 张三丰", **kwargs):
    return actions.receive_item(
        user=user, compound=world.compound, kind=kwargs.pop("kind", Kind.PARCEL),
        label_text=label, **kwargs,
    )  # fmt: skip


def test_an_item_is_logged_and_the_form_is_ready_for_the_next(world, gate_client):
    response = gate_client.post(
        reverse("gate"),
        {"kind": "meal", "label_text": "给爸爸的包子 1栋1单元101", "source": "relative",
         "pieces": 1, "disinfected": "on"},
        follow=True,
    )  # fmt: skip
    item = Item.objects.get()
    assert item.household == world.h101 and item.kind == Kind.MEAL
    body = response.content.decode()
    assert item.code in body and "1栋1单元101" in body
    assert 'name="label_text"' in body and "autofocus" in body
    assert response.context["form"]["kind"].value() == "meal"  # the next one is likely a meal too


def test_an_unknown_address_is_logged_onto_the_shelf_with_a_warning(world, gate_client):
    response = gate_client.post(
        reverse("gate"),
        {"kind": "parcel", "label_text": "王牌路37号", "source": "courier", "pieces": 1},
        follow=True,
    )  # fmt: skip
    item = Item.objects.get()
    assert item.status == Status.SHELF
    assert 'class="notice warning"' in response.content.decode()


def test_a_blank_label_is_refused_with_a_message(world, gate_client):
    response = gate_client.post(
        reverse("gate"), {"kind": "parcel", "source": "courier", "pieces": 1}
    )
    assert response.status_code == 400
    assert "label" in response.content.decode() or "面单" in response.content.decode()
    assert not Item.objects.exists()


def test_a_building_volunteer_does_not_work_the_gate(world):
    response = world.client(world.volunteer).get(reverse("gate"))
    assert response.status_code == 403


def test_sorting_shows_only_the_visitors_buildings(world, gatekeeper):
    log(world, gatekeeper)
    log(world, gatekeeper, label="2栋1单元201 李四")
    rows = world.client(world.volunteer).get(reverse("gate_sorting")).context["rows"]
    assert [row["building__number"] for row in rows] == ["2"]
    rows = world.client(gatekeeper).get(reverse("gate_sorting")).context["rows"]
    assert [row["building__number"] for row in rows] == ["1", "2"]


def test_a_scan_hands_on_and_a_second_scan_says_it_was_done(world, gatekeeper, gate_client):
    item = log(world, gatekeeper)
    url = reverse("gate_scan")
    gate_client.post(url, {"code": item.code.lower(), "stage": "grid"})
    response = gate_client.post(url, {"code": item.code, "stage": "grid"}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.GRID
    assert 'class="notice error"' in response.content.decode()
    assert item.handoffs.filter(stage="grid").count() == 1


def test_an_unknown_code_is_said_so(world, gate_client):
    response = gate_client.post(
        reverse("gate_scan"), {"code": "ZZZZZZ", "stage": "grid"}, follow=True
    )
    assert "ZZZZZZ" in response.content.decode()


def test_a_blank_scan_asks_for_a_code_and_stays_on_this_site(world, gate_client):
    response = gate_client.post(
        reverse("gate_scan"), {"code": "  ", "next": "https://example.com/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("gate_sorting")
    [notice] = [str(m) for m in response.context["messages"]]
    assert "“”" not in notice


def test_the_run_sheet_groups_by_unit_and_floor_and_counts_the_climbs(world, gatekeeper):
    for _ in range(3):
        log(world, gatekeeper)
    response = world.client(world.building_leader).get(reverse("gate_building", args=[world.b1.pk]))
    sheet = response.context["sheet"]
    assert (sheet.item_count, sheet.climbs, sheet.climbs_saved) == (3, 1, 2)
    text = sheet.as_text()
    assert "101" in text and "张三丰" not in text and "5678" not in text


def test_a_building_volunteer_cannot_open_another_buildings_run_sheet(world):
    response = world.client(world.volunteer).get(reverse("gate_building", args=[world.b1.pk]))
    assert response.status_code == 404


def test_delivered_at_the_door_with_a_photo(world, gatekeeper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from helpdesk.tests.helpers import png

    item = log(world, gatekeeper)
    client = world.client(world.building_leader)
    client.post(
        reverse("gate_move", args=[item.pk]),
        {"stage": "delivered", "photo": SimpleUploadedFile("door.png", png(), "image/png")},
    )
    item.refresh_from_db()
    assert item.status == Status.DELIVERED and item.photo
    assert client.get(reverse("gate_photo", args=[item.pk])).status_code == 200


def test_the_household_sees_its_goods_arrive_and_confirms(world, gatekeeper):
    item = log(world, gatekeeper, sender="女儿")
    page = world.client(None).get(reverse("household_page", args=[world.h101.access_token]))
    body = page.content.decode()
    assert "女儿" in body and item.get_status_display() in body
    world.client(None).post(reverse("deliveries_confirm", args=[world.h101.access_token, item.pk]))
    item.refresh_from_db()
    assert item.status == Status.DELIVERED


def test_another_household_cannot_confirm_the_item(world, gatekeeper):
    item = log(world, gatekeeper)
    response = world.client(None).post(
        reverse("deliveries_confirm", args=[world.h201.access_token, item.pk])
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == Status.GATE


def test_the_sweep_lists_what_is_not_at_a_door(world, gatekeeper):
    waiting = log(world, gatekeeper)
    done = log(world, gatekeeper)
    actions.hand_off(user=gatekeeper, item=done, stage=Status.DELIVERED)
    shelved = log(world, gatekeeper, label="王牌路37号")
    items = list(world.client(gatekeeper).get(reverse("gate_sweep")).context["items"])
    assert set(items) == {waiting, shelved}


def test_the_shelf_resolves_an_item_to_a_household_found_by_search(world, gatekeeper, gate_client):
    item = log(world, gatekeeper, label="王牌路37号")
    page = gate_client.get(reverse("gate_item", args=[item.pk]), {"q": "李四"})
    assert world.h201 in page.context["matches"]
    gate_client.post(reverse("gate_resolve", args=[item.pk]), {"household": world.h201.pk})
    item.refresh_from_db()
    assert item.household == world.h201


def test_pasted_lines_are_received_as_a_batch(world, gate_client):
    response = gate_client.post(
        reverse("gate_batch_new"),
        {"kind": "group_buy", "lines": "1栋1单元101 张三丰 2件\n2栋1单元201 李四\n不知道是谁"},
        follow=True,
    )
    batch = response.context["batch"]
    assert (batch.items_created, batch.items_unaddressed) == (3, 1)


def test_the_batch_page_lists_the_rows_that_need_a_person(world, gate_client):
    response = gate_client.post(
        reverse("gate_batch_new"),
        {"kind": "group_buy", "lines": "1栋1单元101 张三丰 2件\n不知道是谁"},
        follow=True,
    )
    [(number, why, row)] = response.context["problems"]
    assert number == 2 and why and row == "不知道是谁"
    assert "不知道是谁" in response.content.decode()


def test_a_bad_file_gets_a_message_and_changes_nothing(world, gate_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("van.xlsx", b"not a spreadsheet at all")
    response = gate_client.post(reverse("gate_batch_new"), {"kind": "bulk", "file": bad})
    assert response.status_code == 400
    assert "表格" in response.content.decode() or "spreadsheet" in response.content.decode()
    assert not Item.objects.exists()


def test_the_admin_sets_the_slots_and_a_new_item_follows_them(world, gatekeeper):
    from datetime import time

    from logistics.models import GateRules

    client = world.client(world.admin)
    data = {f"slot_{kind}": "" for kind in Kind.values}
    data.update(slot_parcel="15:00，9:30", sweep_at="19:00", cutoff_at="21:30", at_once_minutes=20)
    assert client.post(reverse("gate_rules"), data).status_code == 302
    rules = GateRules.objects.get(compound=world.compound)
    assert rules.slots["parcel"] == ["09:30", "15:00"]
    assert rules.slots["meal"] == []  # emptied: at once
    assert rules.cutoff_at == time(21, 30)


def test_a_bad_time_or_a_sweep_after_the_cut_off_is_refused(world):
    from logistics.models import GateRules

    client = world.client(world.admin)
    data = {f"slot_{kind}": "" for kind in Kind.values}
    data.update(slot_parcel="25:00", sweep_at="19:00", cutoff_at="21:30", at_once_minutes=20)
    response = client.post(reverse("gate_rules"), data)
    assert response.status_code == 400 and "25:00" in response.content.decode()
    data.update(slot_parcel="15:00", sweep_at="23:00")
    assert client.post(reverse("gate_rules"), data).status_code == 400
    assert not GateRules.objects.exists()


def test_only_the_admin_sets_the_gates_times(world, gatekeeper):
    assert world.client(gatekeeper).get(reverse("gate_rules")).status_code == 403


def test_a_tap_on_the_run_sheet_hands_the_item_on(world, gatekeeper):
    item = log(world, gatekeeper)
    client = world.client(world.building_leader)
    url = reverse("gate_building_move", args=[world.b1.pk])
    response = client.post(url, {"step": f"{item.pk}:delivered"}, follow=True)
    item.refresh_from_db()
    assert item.status == Status.DELIVERED
    again = client.post(url, {"step": f"{item.pk}:delivered"}, follow=True)
    assert 'class="notice error"' in again.content.decode()
    assert response.status_code == 200


def test_an_item_of_another_building_is_not_moved_from_this_run_sheet(world, gatekeeper):
    item = log(world, gatekeeper, label="2栋1单元201 李四")
    response = world.client(world.admin).post(
        reverse("gate_building_move", args=[world.b1.pk]), {"step": f"{item.pk}:delivered"}
    )
    assert response.status_code == 404


def test_sorting_counts_what_is_due_within_the_hour_and_what_is_overdue(world, gatekeeper):
    from datetime import timedelta

    from django.utils import timezone

    soon, late, later = (log(world, gatekeeper) for _ in range(3))
    now = timezone.now()
    Item.objects.filter(pk=soon.pk).update(due_at=now + timedelta(minutes=20))
    Item.objects.filter(pk=late.pk).update(due_at=now - timedelta(minutes=5))
    Item.objects.filter(pk=later.pk).update(due_at=now + timedelta(hours=3))
    [row] = world.client(gatekeeper).get(reverse("gate_sorting")).context["rows"]
    assert (row["total"], row["due_soon"], row["overdue"]) == (3, 1, 1)


def test_a_refused_piece_count_opens_the_folded_fields_to_show_why(world, gate_client):
    response = gate_client.post(
        reverse("gate"),
        {"kind": "parcel", "label_text": "1栋1单元101", "source": "courier", "pieces": 0},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "<details open>" in body
    assert body.index('class="notice error"') < body.index("<details open>")
    assert not Item.objects.exists()


def test_a_shelf_item_given_back_says_so(world, gatekeeper, gate_client):
    item = log(world, gatekeeper, label="王牌路37号")
    response = gate_client.post(
        reverse("gate_close", args=[item.pk]),
        {"status": Status.RETURNED, "reason": "快递员取回"},
        follow=True,
    )
    item.refresh_from_db()
    assert item.status == Status.RETURNED
    [notice] = [str(m) for m in response.context["messages"]]
    assert item.code in notice
