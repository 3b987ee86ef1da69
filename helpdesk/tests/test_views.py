import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.models import AuditEntry
from helpdesk import actions
from helpdesk.models import Request, Status


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def help_url(world, name="help_page", *args):
    return reverse(name, args=[world.h201.access_token, *args])


def test_a_resident_posts_and_sees_the_reply_then_confirms(world, groups):
    client = world.client(None)
    response = client.post(help_url(world), {"category": "medicine", "urgency": "normal",
                                             "text": "降压药吃完了，要硝苯地平"})  # fmt: skip
    assert response.status_code == 302
    item = Request.objects.get()
    assert (item.household, item.source, item.items) == (world.h201, "link", ["降压药", "硝苯地平"])
    volunteer = world.client(world.volunteer)
    assert f"#{item.pk}" in volunteer.get(reverse("helpdesk_pool")).content.decode()
    volunteer.post(reverse("helpdesk_claim", args=[item.pk]))
    volunteer.post(reverse("helpdesk_start", args=[item.pk]))
    volunteer.post(reverse("helpdesk_close", args=[item.pk]),
                   {"outcome": "fulfilled", "reply": "药已放门口，请查收"})  # fmt: skip
    page = client.get(help_url(world)).content.decode()
    assert "药已放门口，请查收" in page
    client.post(help_url(world, "help_confirm", item.pk))
    item.refresh_from_db()
    assert item.status == Status.DONE and item.confirmed_at


def test_a_resident_reopens_with_a_reason(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="food", text="米", source="link"
    )
    actions.close_request(request=item, user=world.admin, outcome="partly", reply="只有小袋的")
    response = world.client(None).post(
        help_url(world, "help_reopen", item.pk), {"note": "还要一袋"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_a_photo_that_is_not_an_image_gets_a_clear_error(world, groups):
    fake = SimpleUploadedFile("药方.jpg", b"this is not a picture", content_type="image/jpeg")
    response = world.client(None).post(
        help_url(world),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": fake},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Request.objects.exists()


def test_a_real_photo_is_kept(world, groups, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("方.png", png(), content_type="image/png")
    response = world.client(None).post(
        help_url(world),
        {"category": "medicine", "urgency": "normal", "text": "买药", "photo": photo},
    )
    assert response.status_code == 302
    assert Request.objects.get().photo.name.endswith(".png")


def test_a_10_mb_text_or_a_missing_category_is_refused(world, groups):
    client = world.client(None)
    big = client.post(
        help_url(world), {"category": "food", "urgency": "normal", "text": "米" * 10_000_000}
    )
    assert big.status_code in (400, 413)
    missing = client.post(help_url(world), {"urgency": "normal", "text": "米"})
    assert missing.status_code == 400
    assert not Request.objects.exists()


def test_an_unknown_household_link_is_404(world, groups):
    response = world.client(None).post("/h/nope/help/", {"category": "food", "text": "米"})
    assert response.status_code == 404


def test_a_volunteer_cannot_see_another_groups_or_buildings_requests(world, groups):
    food, _ = actions.submit_request(
        household=world.h201, category="food", text="米", source="link"
    )
    other_building, _ = actions.submit_request(
        household=world.h101, category="medicine", text="药", source="link"
    )
    mine, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    client = world.client(world.volunteer)
    pool = [r.pk for r in client.get(reverse("helpdesk_pool")).context["requests"]]
    assert pool == [mine.pk]
    for hidden in (food, other_building):
        assert client.get(reverse("helpdesk_detail", args=[hidden.pk])).status_code == 404
        assert client.post(reverse("helpdesk_claim", args=[hidden.pk])).status_code == 404


def test_a_second_claim_through_the_page_is_a_409(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    world.client(world.admin).post(reverse("helpdesk_claim", args=[item.pk]))
    response = world.client(world.volunteer).post(reverse("helpdesk_claim", args=[item.pk]))
    assert response.status_code == 409
    assert "认领" in response.content.decode()


def test_a_volunteer_enters_a_request_for_a_resident_without_a_smartphone(world, groups):
    client = world.client(world.volunteer)
    found = client.get(reverse("helpdesk_new"), {"q": "2-1-201"})
    assert [h.pk for h in found.context["matches"]] == [world.h201.pk]
    response = client.post(
        reverse("helpdesk_new"),
        {"household": world.h201.pk, "category": "food", "urgency": "normal", "text": "电话说要米"},
    )
    assert response.status_code == 302
    assert Request.objects.get().created_by == world.volunteer


def test_the_phone_shows_to_the_holder_only_and_is_logged(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    url = reverse("helpdesk_contact", args=[item.pk])
    assert world.client(world.volunteer).post(url).status_code == 403
    actions.claim_request(request=item, user=world.volunteer)
    response = world.client(world.volunteer).post(url)
    assert "13912340000" in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", user=world.volunteer).count() == 1


def test_the_board_raises_overdue_requests_for_leaders_only(world, groups):
    from datetime import timedelta

    from django.utils import timezone

    item, _ = actions.submit_request(
        household=world.h201, category="medical", urgency="life", text="摔倒了", source="link"
    )
    Request.objects.filter(pk=item.pk).update(acknowledge_by=timezone.now() - timedelta(minutes=1))
    board = world.client(world.admin).get(reverse("helpdesk_board"))
    assert [r.pk for r in board.context["overdue"]] == [item.pk]
    assert 'role="alert"' in board.content.decode()
    assert world.client(world.volunteer).get(reverse("helpdesk_board")).status_code == 403


def test_a_green_channel_transfer_is_recorded_and_logged(world, groups):
    item, _ = actions.submit_request(
        household=world.h201, category="medical", urgency="life", text="胸口痛", source="link"
    )
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_transfer", args=[item.pk]), {
        "vehicle": "闭环就医车 渝F12345", "departed_at": "2022-11-26T21:10",
        "arrived_at": "2022-11-26T21:35", "hospital": "万州区人民医院", "outcome": "已接种狂犬疫苗",
    })  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.transfer.hospital == "万州区人民医院"
    assert item.events.filter(kind="transfer").exists()
    assert (
        world.client(world.volunteer)
        .post(reverse("helpdesk_transfer", args=[item.pk]), {"vehicle": "x"})
        .status_code
        == 403
    )


def test_a_leader_assigns_many_and_merges_duplicates(world, groups):
    items = [
        actions.submit_request(household=world.h201, category="medicine", text="药", source="link")[
            0
        ]
        for _ in range(3)
    ]
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_bulk"), {
        "action": "assign", "ids": [items[0].pk, items[1].pk], "volunteer": world.volunteer.pk,
    })  # fmt: skip
    assert response.status_code == 302
    assert Request.objects.filter(assignee=world.volunteer).count() == 2
    client.post(reverse("helpdesk_bulk"), {"action": "merge", "ids": [items[2].pk, items[1].pk]})
    items[2].refresh_from_db()
    assert (items[2].status, items[2].duplicate_of_id) == (Status.DONE, items[1].pk)
    assert (
        world.client(world.volunteer)
        .post(reverse("helpdesk_bulk"), {"action": "merge", "ids": [items[0].pk]})
        .status_code
        == 403
    )


def test_bulk_refuses_a_request_outside_the_leaders_scope_and_changes_nothing(world, groups):
    mine, _ = actions.submit_request(
        household=world.h201, category="medicine", text="药", source="link"
    )
    theirs, _ = actions.submit_request(
        household=world.other_household, category="medicine", text="药", source="link"
    )
    data = {"action": "merge", "ids": [mine.pk, theirs.pk]}
    assert world.client(world.admin).post(reverse("helpdesk_bulk"), data).status_code == 404
    assert set(Request.objects.values_list("status", flat=True)) == {Status.NEW}


def test_bulk_with_ids_that_are_not_numbers_says_so(world, groups):
    response = world.client(world.admin).post(
        reverse("helpdesk_bulk"), {"action": "merge", "ids": ["²", "x"]}
    )
    assert response.status_code == 400


def test_every_page_shows_leaders_the_overdue_alarm(world, groups):
    from datetime import timedelta

    from django.utils import timezone

    item, _ = actions.submit_request(
        household=world.h201, category="medical", urgency="life", text="摔倒了", source="link"
    )
    Request.objects.filter(pk=item.pk).update(acknowledge_by=timezone.now() - timedelta(minutes=1))
    page = world.client(world.group_leader).get(reverse("compound", args=[world.compound.pk]))
    assert 'class="alarm"' in page.content.decode()
    quiet = world.client(world.volunteer).get(reverse("compound", args=[world.compound.pk]))
    assert 'class="alarm"' not in quiet.content.decode()


def test_the_board_filters_by_group_and_building(world, groups):
    _, supplies = groups
    a, _ = actions.submit_request(household=world.h201, category="food", text="米", source="link")
    b, _ = actions.submit_request(
        household=world.h101, category="medicine", text="药", source="link"
    )
    client = world.client(world.admin)
    by_group = client.get(reverse("helpdesk_board"), {"group": supplies.pk})
    assert [r.pk for r in by_group.context["requests"]] == [a.pk]
    by_building = client.get(reverse("helpdesk_board"), {"building": "1"})
    assert [r.pk for r in by_building.context["requests"]] == [b.pk]
    assert client.get(reverse("helpdesk_board"), {"group": "x"}).context["requests"].count() == 0


def test_a_request_is_assigned_only_to_a_volunteer_of_its_building(world, groups):
    item, _ = actions.submit_request(
        household=world.h101, category="food", text="米", source="link"
    )
    client = world.client(world.admin)
    single = client.post(
        reverse("helpdesk_assign", args=[item.pk]), {"volunteer": world.volunteer.pk}
    )
    data = {"action": "assign", "ids": [item.pk], "volunteer": world.volunteer.pk}
    bulk = client.post(reverse("helpdesk_bulk"), data)
    assert (single.status_code, bulk.status_code) == (400, 400)
    item.refresh_from_db()
    assert item.assignee is None
