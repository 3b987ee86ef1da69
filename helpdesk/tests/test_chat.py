from django.urls import reverse

from helpdesk.models import Request

BLOCK = """张三: 2栋1单元201降压药吃完了，帮忙买一盒
[10:23] 李四：1-1-101 抗原两道杠
王五 10:31
9栋9单元909要米

请问什么时候解封"""


def test_a_pasted_block_becomes_drafts_with_households_found_or_flagged(world, groups):
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_chat"), {"pasted": BLOCK})
    drafts = response.context["drafts"]
    assert [(d.sender, d.state) for d in drafts] == [
        ("张三", "matched"), ("李四", "matched"), ("王五", "unmatched"), ("", "unmatched"),
    ]  # fmt: skip
    assert drafts[0].matches == [world.h201]
    assert (drafts[0].category, drafts[0].urgency) == ("medicine", "normal")
    assert (drafts[1].category, drafts[1].urgency) == ("medical", "life")
    assert "9栋9单元909" in response.content.decode()


def test_confirming_creates_the_ticked_requests_only(world, groups):
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "3",
        "include_0": "on", "text_0": "降压药吃完了", "household_0": world.h201.pk,
        "category_0": "medicine", "urgency_0": "normal",
        "include_1": "on", "text_1": "抗原两道杠", "household_1": world.h101.pk,
        "category_1": "medical", "urgency_1": "life",
        "text_2": "要米", "household_2": "", "category_2": "food", "urgency_2": "normal",
    })  # fmt: skip
    assert response.status_code == 200
    assert [d.text for d in response.context["left"]] == ["要米"]
    assert sorted(Request.objects.values_list("category", "source")) == [
        ("medical", "chat"), ("medicine", "chat"),
    ]  # fmt: skip


def test_an_unmatched_ticked_message_creates_nothing_and_says_why(world, groups):
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "2",
        "include_0": "on", "text_0": "降压药", "household_0": world.h201.pk,
        "category_0": "medicine", "urgency_0": "normal",
        "include_1": "on", "text_1": "要米", "household_1": "", "category_1": "food",
        "urgency_1": "normal",
    })  # fmt: skip
    assert response.status_code == 400
    assert "住户" in response.content.decode()
    assert not Request.objects.exists()


def test_a_household_outside_the_scope_is_refused(world, groups):
    client = world.client(world.volunteer)
    response = client.post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "1", "include_0": "on", "text_0": "要米",
        "household_0": world.h101.pk, "category_0": "food", "urgency_0": "normal",
    })  # fmt: skip
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_a_huge_paste_is_refused_with_a_message(world, groups):
    response = world.client(world.admin).post(reverse("helpdesk_chat"), {"pasted": "米" * 60_000})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_mangled_confirm_form_gets_a_400_not_a_crash(world, groups):
    response = world.client(world.admin).post(
        reverse("helpdesk_chat"), {"action": "confirm", "count": "三"}
    )
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_the_pasted_text_comes_back_unchanged_in_the_box(world, groups):
    response = world.client(world.admin).post(reverse("helpdesk_chat"), {"pasted": BLOCK})
    box = response.content.decode().split('name="pasted"')[1].split("</textarea>")[0]
    assert box.split(">", 1)[1] == BLOCK.replace("\n", "\n")
    assert "Node" not in box


def test_an_urgent_message_without_a_household_stops_the_confirmation(world, groups):
    client = world.client(world.admin)
    form = {
        "action": "confirm", "count": "2",
        "include_0": "on", "text_0": "降压药吃完了", "household_0": world.h201.pk,
        "category_0": "medicine", "urgency_0": "normal",
        "text_1": "老人摔倒了头在流血", "household_1": "", "category_1": "medical",
        "urgency_1": "life",
    }  # fmt: skip
    response = client.post(reverse("helpdesk_chat"), form)
    assert response.status_code == 400
    assert not Request.objects.exists()
    draft = response.context["drafts"][1]
    assert draft.error and draft.text == "老人摔倒了头在流血"
    assert 'role="alert"' in response.content.decode()
    # Typing the room finds the household, and both are created.
    response = client.post(
        reverse("helpdesk_chat"), {**form, "include_1": "on", "where_1": "1-1-101"}
    )
    assert response.status_code == 200
    assert sorted(Request.objects.values_list("household", "urgency")) == [
        (world.h101.pk, "life"), (world.h201.pk, "normal"),
    ]  # fmt: skip


def test_a_room_typed_that_fits_nobody_is_said_so(world, groups):
    response = world.client(world.admin).post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "1", "include_0": "on", "text_0": "要米",
        "household_0": "", "where_0": "9-9-909", "category_0": "food", "urgency_0": "normal",
    })  # fmt: skip
    assert response.status_code == 400
    assert "9-9-909" in response.context["drafts"][0].error
    assert not Request.objects.exists()


def test_a_category_changed_at_confirmation_is_kept_for_the_parser(world, groups):
    from helpdesk.models import ParserCorrection

    world.client(world.admin).post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "1", "include_0": "on",
        "text_0": "我家的猫两天不吃东西了", "household_0": world.h201.pk,
        "category_0": "errand", "urgency_0": "normal",
    })  # fmt: skip
    correction = ParserCorrection.objects.get()
    assert (correction.category, correction.by) == ("errand", world.admin)


def test_confirming_the_same_drafts_twice_creates_them_once(world, groups):
    client = world.client(world.admin)
    page = client.post(reverse("helpdesk_chat"), {"pasted": "张三: 2栋1单元201要两袋盐"})
    batch = page.context["batch"]
    form = {
        "action": "confirm", "count": "1", "batch": batch, "include_0": "on",
        "text_0": "要两袋盐", "household_0": world.h201.pk, "category_0": "food",
        "urgency_0": "normal",
    }  # fmt: skip
    first = client.post(reverse("helpdesk_chat"), form)
    again = client.post(reverse("helpdesk_chat"), form)  # Back, then the button again
    assert first.status_code == again.status_code == 200
    assert Request.objects.count() == 1
    assert [r.pk for r in again.context["created"]] == [Request.objects.get().pk]


def test_a_blocked_confirmation_keeps_the_pasted_block(world, groups):
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_chat"), {
        "action": "confirm", "count": "1", "pasted": BLOCK, "batch": "b1",
        "text_0": "老人摔倒了头在流血", "household_0": "", "category_0": "medical",
        "urgency_0": "life",
    })  # fmt: skip
    assert response.status_code == 400
    assert response.context["pasted"] == BLOCK
