"""Looking at a page changes nothing: no GET writes to the database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpdesk.models import CarePlan
from tests.test_scope import urls

WRITES = ("INSERT", "UPDATE", "DELETE")


def test_no_page_or_endpoint_writes_on_a_get(world):
    CarePlan.objects.create(resident=world.zhang, kind="check_in", description="每日问候")
    pages = [url for method, url, *_ in urls(world) if method == "get"]
    pages += [
        reverse(name)
        for name in ("home", "helpdesk_pool", "helpdesk_mine", "helpdesk_board", "care_calls",
                     "helpdesk_chat", "staff_list", "group_list", "corrections", "search")
    ] + [
        reverse("household_page", args=[world.h101.access_token]),
        reverse("help_page", args=[world.h101.access_token]),
        "/api/me", "/api/requests/pool", "/api/requests/mine", "/api/compounds",
    ]  # fmt: skip
    client = world.client(world.admin)
    client.get(reverse("home"))  # the session is written once, at login
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code < 500, url
        writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        assert writes == [], url
