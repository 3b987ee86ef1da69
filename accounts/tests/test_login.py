from django.urls import reverse

from conftest import PASSWORD


def test_staff_log_in_with_their_phone_written_any_way(world):
    client = world.client(None)
    response = client.post(reverse("login"), {"username": "138 0000 0004", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_a_wrong_password_gets_a_message(world):
    response = world.client(None).post(
        reverse("login"), {"username": "13800000004", "password": "wrong"}
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_repeated_failures_lock_the_phone_even_with_the_right_password(world):
    client = world.client(None)
    for _ in range(5):
        client.post(reverse("login"), {"username": "13800000004", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "13800000004", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_next_address_elsewhere_is_ignored(world):
    response = world.client(None).post(
        reverse("login") + "?next=https://evil.example/",
        {"username": "13800000004", "password": PASSWORD},
    )
    assert response.url == reverse("home")


def test_logout_needs_a_post(world):
    client = world.client(world.admin)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302


def test_every_page_carries_a_content_security_policy_with_no_outside_origin(world):
    response = world.client(None).get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "http" not in policy
    assert "/static/django_htmx/htmx" in response.content.decode()
