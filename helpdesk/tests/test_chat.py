from django.urls import reverse

from helpdesk.models import Request

BLOCK = """张三: 2栋1单元201降压药吃完了，帮忙买一盒
[10:23] 李四：1-1-101 抗原两道杠
王五 10:31
9栋9单元909要米

请问什么时候解封"""


def test_a_pasted_block_becomes_drafts_with_households_found_or_flagged(world, groups):
    client = world.client(world.admin)
    response = client.post(reverse("helpdesk_chat"), {"block": BLOCK})
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
    assert response.status_code == 302
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
    response = world.client(world.admin).post(reverse("helpdesk_chat"), {"block": "米" * 60_000})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_a_mangled_confirm_form_gets_a_400_not_a_crash(world, groups):
    response = world.client(world.admin).post(
        reverse("helpdesk_chat"), {"action": "confirm", "count": "三"}
    )
    assert response.status_code == 400
    assert not Request.objects.exists()
