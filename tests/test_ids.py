"""An id past the database's range, in a path or a form, is a 404 or 400, never a 500."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from lib.ids import MAX_ID, parse_id, parse_ids

HUGE = "99999999999999999999"


def test_parse_id_takes_only_numbers_the_database_can_hold():
    assert parse_id("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    for text in (str(MAX_ID + 1), HUGE, "0", "-1", "²", "٣", "1e3", "", None, " "):
        assert parse_id(text) is None
    assert parse_ids(["1", "2"]) == {1, 2}
    assert parse_ids(["1", HUGE]) is None


def _paths(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and re.search(r"<(id|int):", route):
            yield route


def _with_huge_ids(route, token):

    route = re.sub(r"<(id|int):\w+>", HUGE, route)
    route = re.sub(r"<str:token>", token, route)
    return "/" + re.sub(r"<str:\w+>", "building", route)


@pytest.mark.parametrize("persona", ["admin", None])
def test_every_path_with_an_id_answers_404_for_a_huge_one(world, persona):
    client = world.client(getattr(world, persona) if persona else None)
    routes = list(_paths(get_resolver().url_patterns))
    assert len(routes) > 20
    for route in routes:
        url = _with_huge_ids(route, world.h101.access_token)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in {302, 404, 405}, (method, url, response.status_code)


def test_ids_in_query_strings_and_forms_are_checked(world):
    client = world.client(world.admin)
    assert client.get(f"/helpdesk/board/?group={HUGE}").status_code == 200
    assert client.get(f"/helpdesk/new/?household={HUGE}").status_code == 200
    response = client.post("/helpdesk/board/bulk/", {"ids": [HUGE], "action": "assign"})
    assert response.status_code == 400
    response = client.post("/helpdesk/chat/", {
        "action": "confirm", "count": "1", "include_0": "on", "text_0": "要米",
        "household_0": HUGE, "category_0": "food", "urgency_0": "normal",
    })  # fmt: skip
    assert response.status_code == 400
