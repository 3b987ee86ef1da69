"""The leaders' board."""

from django.urls import reverse

from helpdesk import actions
from helpdesk.models import Request


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


def test_the_overdue_alarm_says_why_each_request_is_on_it(world, groups):
    from datetime import timedelta

    from django.utils import timezone

    from helpdesk.tests.helpers import submit

    late = submit(world)
    Request.objects.filter(pk=late.pk).update(acknowledge_by=timezone.now() - timedelta(hours=1))
    page = world.client(world.admin).get(reverse("helpdesk_board")).content.decode()
    assert "未在时限内确认" in page
