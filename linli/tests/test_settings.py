"""Deployment settings, read in a fresh process as `linli serve` would read them."""

import json
import os
import subprocess
import sys

import pytest

NAMES = [
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_AGE", "LINLI_TRUSTED_PROXIES",
]  # fmt: skip


def settings_with(tmp_path, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LINLI_HTTPS", "LINLI_HSTS"))
    }
    environment.update(LINLI_VAR_DIR=str(tmp_path), LINLI_SECRET_KEY="x" * 60, **env)
    code = (
        "import json; from linli import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_behind_https_cookies_are_secure_hsts_is_on_and_sessions_are_shorter(tmp_path):
    values = settings_with(tmp_path, LINLI_HTTPS="true")
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_AGE"] == 12 * 3600


def test_without_https_nothing_asks_for_it(tmp_path):
    values = settings_with(tmp_path)
    assert not values["SESSION_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_each_deployment_setting_can_be_set_on_its_own(tmp_path):
    values = settings_with(
        tmp_path, LINLI_HTTPS="true", LINLI_HSTS_SECONDS="600", LINLI_SESSION_SECONDS="3600",
        LINLI_PROXY_SSL_HEADER="X-Scheme",
    )  # fmt: skip
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SESSION_COOKIE_AGE"] == 3600
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_SCHEME", "https"]


def test_trusted_proxies_are_read_as_addresses(tmp_path):
    values = settings_with(tmp_path, LINLI_TRUSTED_PROXIES="127.0.0.1, 10.0.0.0/8,::1")
    assert values["LINLI_TRUSTED_PROXIES"] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start(tmp_path):
    with pytest.raises(AssertionError, match="not an IP address"):
        settings_with(tmp_path, LINLI_TRUSTED_PROXIES="proxy.example")


def test_check_deploy_finds_nothing_to_say_about_https_behind_https(tmp_path):
    env = dict(
        os.environ, LINLI_VAR_DIR=str(tmp_path), LINLI_SECRET_KEY="k" * 60, LINLI_HTTPS="true",
        DJANGO_SETTINGS_MODULE="linli.settings",
    )  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "linli.cli", "check", "--deploy"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W012", "security.W016"):
        assert warning not in output, output
