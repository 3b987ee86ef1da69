"""Help-desk peak over HTTP: residents submit, volunteers list the pool, claim and close.

A real server on loopback (gunicorn, as `linli serve` runs it, with the number of threads
given: scripts/bench.sh runs sync workers, --threads 1), clients in other processes, each
volunteer picking from the pool in their own way. The same clients also call an empty Django
JSON view on the same server, and `/api/me`, a logged-in call that reads only the session and
the user: the floor under every staff call. Afterwards the database is checked: no request
lost or doubled, and every claimed request claimed exactly once.

    DATABASE_URL=... python -m bench.helpdesk_bench [--seconds 20] [--clients 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.overview_bench import build  # noqa: E402
from helpdesk.models import EventKind, Request, RequestEvent, WorkingGroup  # noqa: E402
from registry.models import Household  # noqa: E402

PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(workers: int, threads: int) -> Iterator[int]:
    """Linli under gunicorn on a free loopback port, answering by the time this yields the port."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


class Client:
    """One keep-alive connection with a logged-in session."""

    def __init__(self, port: int, phone: str | None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.last_location = ""
        if phone:
            self.call("GET", "/login/")
            token = self.cookies["csrftoken"]
            body = f"username={phone}&password={PASSWORD}&csrfmiddlewaretoken={token}"
            status, _ = self.call("POST", "/login/", body, "application/x-www-form-urlencoded")
            assert status == 302, status

    def call(self, method: str, path: str, body: str = "", content_type: str = "application/json",
             headers: dict[str, str] | None = None) -> tuple[int, bytes]:  # fmt: skip
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if "csrftoken" in self.cookies:
            head["X-CSRFToken"] = self.cookies["csrftoken"]
            head["Referer"] = "http://127.0.0.1/"
        if body:
            head["Content-Type"] = content_type
        head.update(headers or {})
        self.conn.request(method, path, body=body.encode() if body else None, headers=head)
        response = self.conn.getresponse()
        data = response.read()
        self.last_location = response.headers.get("Location", "")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data


def worker(
    args: tuple[int, int, str, list[str], float, float, str],
) -> tuple[list[float], int, int, list[int], int]:
    """Log in, then run the mixed workload (or the empty view) from `start` to `deadline`."""
    n, port, phone, tokens, start, deadline, mode = args
    latencies: list[float] = []
    errors = submitted = conflicts = 0
    created: list[int] = []
    staff = Client(port, phone)  # a login is slow on purpose (PBKDF2): not part of the figures
    resident = Client(port, None)
    choose = random.Random(n)  # each volunteer picks from the pool in their own way
    time.sleep(max(0.0, start - time.time()))
    for client in (staff, resident):
        client.conn.close()  # the server may have dropped an idle keep-alive: open afresh
    i = 0

    def timed(client: Client, *call: object, **kw: object) -> tuple[int, bytes]:
        nonlocal errors, conflicts
        start = time.perf_counter()
        status, data = client.call(*call, **kw)  # type: ignore[arg-type]
        latencies.append(time.perf_counter() - start)
        if status == 409:
            conflicts += 1
        elif status >= 400:
            errors += 1
        return status, data

    while time.time() < deadline:
        i += 1
        if mode == "empty":
            timed(resident, "GET", "/bench/empty/")
            continue
        if mode == "me":
            timed(staff, "GET", "/api/me")
            continue
        api = "/bench/ceiling" if mode == "ceiling" else "/api"
        token = tokens[i % len(tokens)]
        body = json.dumps({"category": "medicine", "text": "降压药吃完了"})
        key = {"Idempotency-Key": str(uuid.uuid4())}
        status, data = timed(resident, "POST", f"{api}/households/{token}/requests", body,
                             headers=key)  # fmt: skip
        if status == 201:
            submitted += 1
            created.append(json.loads(data)["id"])
        status, data = timed(staff, "GET", f"{api}/requests/pool")
        pool = json.loads(data) if status == 200 else []
        if pool:
            pk = choose.choice(pool)["id"]
            status, _ = timed(staff, "POST", f"{api}/requests/{pk}/claim")
            if status == 200:
                close = json.dumps({"outcome": "fulfilled", "reply": "已送达"})
                timed(staff, "POST", f"{api}/requests/{pk}/close", close)
    return latencies, errors, submitted, created, conflicts


def run(port: int, phones: list[str], tokens: list[str], seconds: float, mode: str) -> dict:
    start = time.time() + 2 + 0.2 * len(phones)  # time enough for every client to log in
    deadline = start + seconds
    with multiprocessing.get_context("fork").Pool(len(phones)) as pool:
        jobs = [(n, port, p, tokens, start, deadline, mode) for n, p in enumerate(phones)]
        results = pool.map(worker, jobs)
    latencies = sorted(x for r in results for x in r[0])
    return {
        "requests": len(latencies),
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) * 1000 if latencies else 0,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0,
        "errors": sum(r[1] for r in results),
        "conflicts": sum(r[4] for r in results),
        "submitted": sum(r[2] for r in results),
        "created": [pk for r in results for pk in r[3]],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    compound = build("大社区", buildings=125, units=4, floors=10)
    group = WorkingGroup.objects.create(compound=compound, name="药品保障", categories=["medicine"])
    phones = []
    for n in range(args.clients):
        phone = f"1370000{n:04d}"
        user = User.objects.create_user(phone, PASSWORD, name=f"志愿者{n}", role=Role.VOLUNTEER)
        user.compounds.add(compound)
        group.members.add(user)
        phones.append(phone)
    households = Household.objects.filter(unit__building__compound=compound)
    tokens = list(households.values_list("access_token", flat=True)[:2000])
    connection.close()

    with gunicorn(args.workers, args.threads) as port:
        run(port, phones, tokens, 3, "empty")  # warm up
        empty = run(port, phones, tokens, args.seconds, "empty")
        me = run(port, phones, tokens, args.seconds, "me")
        mixed = run(port, phones, tokens, args.seconds, "mixed")
        created = mixed["created"]
        in_db = Request.objects.filter(compound=compound).count()
        ceiling = run(port, phones, tokens, args.seconds, "ceiling")

    claimed = RequestEvent.objects.filter(kind=EventKind.CLAIMED)
    claims = claimed.values("request").distinct().count()
    double = claimed.count() - claims
    print(
        f"database: {connection.vendor}; {households.count():,} households; {args.clients} "
        f"clients, {args.workers} gunicorn workers × {args.threads} threads, {args.seconds:.0f} s"
    )
    print("| workload | requests/s | p50 (ms) | p99 (ms) | errors | claims lost to another (409) |")
    print("|---|---:|---:|---:|---:|---:|")
    workloads = (
        ("empty Django view", empty),
        ("logged-in API call that reads nothing else (`/api/me`)", me),
        ("help desk mix", mixed),
        ("ceiling: the same mix with every statement hand-written (`bench/ceiling.py`)", ceiling),
    )
    for name, r in workloads:
        print(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} "
            f"| {r['conflicts']} |"
        )
    print(f"\nratio of the mix to the empty view: {mixed['rps'] / empty['rps']:.2f}")
    print(f"ratio of /api/me to the empty view: {me['rps'] / empty['rps']:.2f}")
    print(f"ratio of the mix to /api/me: {mixed['rps'] / me['rps']:.2f}")
    print(f"ratio of the ceiling to the empty view: {ceiling['rps'] / empty['rps']:.2f}")
    if ceiling["errors"]:
        print("THE CEILING RUN HAD ERRORS: its figure counts failed calls and is not valid")
    print(
        f"requests submitted (201): {mixed['submitted']}; in the database: {in_db}; "
        f"distinct ids returned: {len(set(created))}; claimed twice (mix and ceiling): {double}"
    )


if __name__ == "__main__":
    main()
