"""A server killed with SIGKILL under keyed submissions loses nothing and doubles nothing.

Households send requests with Idempotency-Keys to a real gunicorn; it is killed mid-load and
started again; every key is sent again, as a phone whose answer never came would. Each key
ends as exactly one request, and every key answered before the kill keeps its request.
"""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

KEYS = 160
SEED = """
from registry.models import Building, Compound, Household, Unit
compound = Compound.objects.create(name="断电小区")
unit = Unit.objects.create(building=Building.objects.create(compound=compound, number="1"),
                           number="1")
print(Household.objects.create(unit=unit, room="101", access_token=Household.new_token())
      .access_token)
"""
COUNT = """
from helpdesk.models import Request
rows = list(Request.objects.values_list("idempotency_key", flat=True))
print(len(rows), len(set(rows)))
"""


@pytest.fixture
def server_env(tmp_path):
    env = dict(os.environ, LINLI_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="linli.settings")
    dropdb = None
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        base = ["-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"]]
        name = f"linli_kill_{os.getpid()}"
        subprocess.run(["createdb", *base, name], check=True)
        dropdb = ["dropdb", "--if-exists", "--force", *base, name]
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'linli.sqlite3'}"
    subprocess.run([sys.executable, "-m", "linli.cli", "migrate", "-v0"], env=env, check=True)
    yield env
    if dropdb:
        subprocess.run(dropdb, check=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env, port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "linli.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _send(port, token, key):
    body = json.dumps({"category": "food", "text": f"要米 {key}"}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/households/{token}/requests", data=body, method="POST",
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["id"]
    except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError):
        return None  # no answer, or half of one: the phone will send it again


def test_keyed_submits_survive_a_kill_9_of_the_server(server_env):
    shell = [sys.executable, "-m", "linli.cli", "shell", "-c"]
    token = subprocess.run([*shell, SEED], env=server_env, check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]  # fmt: skip
    port = _free_port()
    server = _start(server_env, port)
    keys = [f"phone-{n}" for n in range(KEYS)]
    answered: dict[str, int] = {}
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = {key: pool.submit(_send, port, token, key) for key in keys}
        while sum(f.done() for f in futures.values()) < KEYS // 3:
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)  # mid-load
        server.wait()
        for key, future in futures.items():
            if (pk := future.result()) is not None:
                answered[key] = pk
    assert 0 < len(answered) < KEYS
    server = _start(server_env, port)
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            again = dict(zip(keys, pool.map(lambda k: _send(port, token, k), keys), strict=True))
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    assert None not in again.values()  # nothing lost
    assert all(again[key] == pk for key, pk in answered.items())  # the same request again
    counted = subprocess.run([*shell, COUNT], env=server_env, check=True, capture_output=True,
                             text=True)  # fmt: skip
    total, distinct = counted.stdout.split()[-2:]
    assert (int(total), int(distinct)) == (KEYS, KEYS)  # nothing doubled
