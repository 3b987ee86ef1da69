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


def _fail(client, phone, address="10.0.0.7", **extra):
    return client.post(
        reverse("login"), {"username": phone, "password": "wrong"}, REMOTE_ADDR=address, **extra
    )


def test_one_persons_typos_do_not_lock_out_the_office_behind_the_same_address(world):
    client = world.client(None)
    for _ in range(6):
        _fail(client, "13999999999")  # an unknown phone, typed again and again
    response = client.post(
        reverse("login"), {"username": "13800000001", "password": PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert response.status_code == 302


def test_many_failures_from_one_address_lock_it_for_phones_that_failed(world, settings):
    settings.LINLI_LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    client = world.client(None)
    for n in range(8):
        _fail(client, f"1390000000{n}")
    _fail(client, "13800000004")
    right = {"username": "13800000004", "password": PASSWORD}
    assert client.post(reverse("login"), right, REMOTE_ADDR="10.0.0.7").status_code == 429
    # A colleague with a clean record still gets in from the same address.
    colleague = {"username": "13800000001", "password": PASSWORD}
    assert client.post(reverse("login"), colleague, REMOTE_ADDR="10.0.0.7").status_code == 302
    # And the locked phone gets in from elsewhere once its own count allows it.
    assert client.post(reverse("login"), right, REMOTE_ADDR="10.0.0.8").status_code == 302


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(world, settings):
    from django.test import RequestFactory

    from accounts.throttle import client_address

    factory = RequestFactory()
    spoofed = factory.post("/login/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(spoofed) == "203.0.113.5"
    settings.LINLI_TRUSTED_PROXIES = ["127.0.0.1"]
    proxied = factory.post(
        "/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7"
    )
    assert client_address(proxied) == "198.51.100.7"
    garbled = factory.post("/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="nonsense")
    assert client_address(garbled) == "127.0.0.1"


def test_a_wrong_password_says_so_without_talking_of_letter_case(world):
    response = world.client(None).post(
        reverse("login"), {"username": "13800000004", "password": "wrong"}
    )
    page = response.content.decode()
    assert "手机号或密码不对" in page and "大小写" not in page
