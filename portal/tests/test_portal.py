"""The household's page is made of the sections apps register; every URL under a link
refuses a wrong or revoked token by itself, whichever app it belongs to."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse

from portal.sections import SECTIONS, Section, register, sections


def _token_routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _token_routes(pattern.url_patterns, route)
        elif "<str:token>" in route:
            yield route


def test_the_page_shows_each_registered_section_in_order(world):
    keys = [s.key for s in sections()]
    assert keys[:1] == ["help"] and "contact" in keys
    page = world.client(None).get(reverse("household_page", args=[world.h101.access_token]))
    html = page.content.decode()
    assert html.index('id="section-help"') < html.index('id="section-contact"')
    assert reverse("help_page", args=[world.h101.access_token]) in html


def test_a_section_counts_what_waits_for_the_household(world):
    from helpdesk import actions

    item, _ = actions.submit_request(
        household=world.h101, category="food", text="要米", source="link"
    )
    actions.close_request(request=item, user=world.admin, outcome="fulfilled", reply="送到了")
    page = world.client(None).get(reverse("household_page", args=[world.h101.access_token]))
    assert '<span class="badge"' in page.content.decode()


@pytest.mark.parametrize("token", ["not-a-token", "revoked"])
def test_every_url_under_a_link_refuses_a_wrong_or_revoked_token(world, token):
    if token == "revoked":
        token = world.h101.access_token
        world.h101.revoke_link()
        world.h101.save()
    routes = list(_token_routes(get_resolver().url_patterns))
    assert len(routes) >= 6
    client = world.client(None)
    for route in routes:
        url = "/" + re.sub(r"<id:\w+>", "1", route.replace("<str:token>", token))
        for method in ("get", "post"):
            assert getattr(client, method)(url).status_code in {404, 405}, (method, url)


def test_one_address_guessing_links_is_stopped(world, settings):
    settings.LINLI_PORTAL_MAX_MISSES = 3
    client = world.client(None)
    for n in range(3):
        assert client.get(f"/h/guess{n}/").status_code == 404
    assert client.get(f"/h/{world.h101.access_token}/").status_code == 403


def test_a_section_key_is_registered_once(world):
    section = Section(key="help", title="again", order=1, card="x.html")
    with pytest.raises(Exception, match="twice"):
        register(section)
    assert SECTIONS["help"].title != "again"


def test_a_wrong_link_sends_the_resident_nowhere_near_the_staff_login(world):
    page = world.client(None).get("/h/nonsense/").content.decode()
    assert "/login/" not in page.split("<main>")[1]
