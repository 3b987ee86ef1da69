from django.conf import settings
from django.urls import reverse


def test_pages_are_chinese_first(world):
    body = world.client(None).get(reverse("login")).content.decode()
    assert "登录" in body
    assert 'lang="zh-hans"' in body


def test_an_english_browser_still_gets_chinese_until_the_person_switches(world):
    body = world.client(None).get(reverse("login"), headers={"Accept-Language": "en-US,en"})
    assert "登录" in body.content.decode()


def test_a_person_can_switch_to_english(world):
    client = world.client(None)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert "Log in" in body
    assert "Phone number" in body
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
