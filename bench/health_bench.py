"""Health rounds at district scale: check-in over HTTP, the missed list, an abnormal tube, a roster.

Issue 13 §6, SCALE.md's district (1,000,000 residents):
- check-in over HTTP at 500 scans a second from concurrent clients, p99 < 50 ms, zero errors:
  sampling points, each one scanner in sequence (a tube, then ten residents' codes), many points at
  once; afterwards the database must hold each scanned resident checked in exactly once and each
  tube's count equal to the swabs in it;
- the missed list page of a 1,000,000-person round < 1 s, of a 20,000-person compound < 50 ms;
- an abnormal tube mapped to its households < 10 ms;
- the roster of a 20,000-person round written < 1 s.

    DATABASE_URL=... python -m bench.health_bench [--rate 500] [--seconds 10] [--residents 1000000]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import random
import statistics
import threading
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client as TestClient  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.helpdesk_bench import PASSWORD, Client, gunicorn, percentile  # noqa: E402
from health import actions, board  # noqa: E402
from health.lookup import resident_code  # noqa: E402
from health.models import RosterEntry, TestRound, Tube  # noqa: E402
from lib.bulk import insert_rows  # noqa: E402
from registry.importer import RESIDENT_INSERT_FIELDS, insert_households  # noqa: E402
from registry.models import Building, Compound, Household, Unit  # noqa: E402

TUBE = 10


def build(name: str, residents: int) -> Compound:
    """A compound of about `residents` people, 2.5 a household, 6 units of 20 floors a building."""
    compound = Compound.objects.create(name=name)
    rng = random.Random(residents)
    households_needed = residents * 2 // 5
    per_building = 6 * 20 * 2
    made = 0
    number = 0
    now = timezone.now()
    while made < households_needed:
        number += 1
        building = Building.objects.create(compound=compound, number=str(number), floors=20)
        rows = []
        for unit_number in range(1, 7):
            unit = Unit.objects.create(building=building, number=str(unit_number))
            rows += [[unit.pk, f"{f}{d:02d}", f, ""] for f in range(1, 21) for d in (1, 2)]
        insert_households(rows, None)
        made += per_building
        if number % 20 == 0 or made >= households_needed:
            _residents_for(compound, rng, now)
    return compound


def _residents_for(compound: Compound, rng: random.Random, now: object) -> None:
    """Residents for the households that have none yet, by one prepared statement."""
    empty = (
        Household.objects.filter(unit__building__compound=compound, residents__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    rows = []
    for pk in empty.iterator(chunk_size=5000):
        for _ in range(rng.choice([1, 2, 2, 3, 3, 4])):
            rows.append(
                [pk, "某某", "mm", "moumou", "", "", "", None, "[]", False, "", "", None, now, None]
            )
        if len(rows) > 20_000:
            insert_rows_now(rows)
            rows = []
    insert_rows_now(rows)


def insert_rows_now(rows: list[list[object]]) -> None:
    from registry.models import Resident

    if rows:
        insert_rows(Resident, RESIDENT_INSERT_FIELDS, rows)


def row(what: str, ms: float, target: float | None = None) -> str:
    return f"| {what} | {ms:,.1f} ms | {f'< {target:,.0f} ms' if target else ''} |"


def timed(fn, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    """The median of `runs` calls after one warm-up, in ms."""
    fn()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def admin_of(compound: Compound, phone: str) -> User:
    user = User.objects.create_user(phone, PASSWORD, name="居委", role=Role.COMMUNITY_ADMIN)
    user.compounds.add(compound)
    return user


def open_round(compound: Compound, user: User, points: int = 1) -> tuple[TestRound, float]:
    began = time.perf_counter()
    round = actions.open_round(
        user=user,
        compound=compound,
        name="全员核酸",
        day=date.today(),
        buildings=[],
        tube_size=TUBE,
        points=[f"点{n}" for n in range(points)],
    )
    return round, (time.perf_counter() - began) * 1000


def fill(round: TestRound, share: float) -> None:
    """Check `share` of the roster in, in tubes of ten, in bulk: the missed list's start."""
    point = round.points.filter(door_to_door=False).first()
    assert point is not None
    entries = list(round.entries.order_by("pk").values_list("pk", flat=True))
    rng = random.Random(3)
    chosen = [pk for pk in entries if rng.random() < share]
    now = timezone.now()
    for start in range(0, len(chosen), 20_000):
        part = chosen[start : start + 20_000]
        tubes = Tube.objects.bulk_create(
            [
                Tube(
                    round=round,
                    point=point,
                    code=f"B{start + i:08d}",
                    size=TUBE,
                    filled=len(part[i : i + TUBE]),
                    closed_at=now,
                )
                for i in range(0, len(part), TUBE)
            ]
        )
        if not all(t.pk for t in tubes):
            codes = [t.code for t in tubes]
            tubes = list(Tube.objects.filter(round=round, code__in=codes).order_by("code"))
        rows = []
        for index, tube in enumerate(tubes):
            for pk in part[index * TUBE : (index + 1) * TUBE]:
                rows.append([RosterEntry.State.TESTED, tube.pk, pk])
        from lib.bulk import update_rows

        update_rows(RosterEntry, ["state", "tube"], rows)


def analyze() -> None:
    """The planner's statistics, as autovacuum (PostgreSQL) or a daily ANALYZE would keep them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def missed_page(round: TestRound, user: User) -> float:
    client = TestClient()
    client.force_login(user)
    url = f"/health/rounds/{round.pk}/missed/"

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    return timed(get)


def tube_mapped(round: TestRound, user: User) -> tuple[float, float]:
    """The households of one tube (the query), and the whole report_tube action."""
    tubes = list(round.tubes.filter(filled=TUBE).order_by("pk")[:8])
    tube = tubes[len(tubes) // 2]

    def mapping() -> None:
        households = list(
            Household.objects.filter(
                pk__in=RosterEntry.objects.filter(tube=tube).values("household_id")
            ).select_related("unit__building")
        )
        assert households

    state = iter(tubes)

    def report() -> None:
        actions.report_tube(user=user, tube=next(state), result=Tube.Result.ABNORMAL)

    return timed(mapping), timed(report, runs=5)


# --- check-in over HTTP -------------------------------------------------------------------


def scanner(
    client: Client, round: int, point: int, codes: list[str], start: float,
    interval: float, out: list, phase: str,  # type: ignore[type-arg]
) -> None:  # fmt: skip
    """One sampling point: a tube, then ten residents' codes, each at its time. A request that
    fails (a dropped connection, a timeout) is counted as an error and the scanner goes on."""
    port = client.conn.port
    time.sleep(max(0.0, start - time.time()))
    # The connection of the login has sat idle past gunicorn's keep-alive: a fresh one, as a
    # phone's browser would open.
    client.conn.close()
    base = f"/health/rounds/{round}/points/{point}"
    at = start

    def post(kind: str, path: str, body: str) -> None:
        nonlocal client
        time.sleep(max(0.0, at - time.time()))
        began = time.perf_counter()
        try:
            status, _ = client.call("POST", path, body, "application/x-www-form-urlencoded")
            location = client.last_location
        except (OSError, http.client.HTTPException) as exc:
            status, location = 0, repr(exc)
            cookies = client.cookies
            client = Client(port, None)  # a new connection, the same session
            client.cookies = cookies
        out.append((kind, (time.perf_counter() - began) * 1000, status, location))

    for index, code in enumerate(codes):
        if index % TUBE == 0:
            post("tube", f"{base}/tube/", f"code={phase}{point}-{index // TUBE:05d}")
            at += interval
        post("scan", f"{base}/scan/", f"q={code}")
        at += interval


def client_process(port: int, jobs: list, start: float, out, phase: str) -> None:  # type: ignore[no-untyped-def, type-arg]
    """The scanners of some points, each logged in before the start (a login is slow on
    purpose, PBKDF2: not part of the figures)."""
    results: list = []  # type: ignore[type-arg]
    clients = [Client(port, phone) for phone, *_rest in jobs]
    threads = [
        threading.Thread(
            target=scanner, args=(client, round, point, codes, start, gap, results, phase)
        )
        for client, (_phone, round, point, codes, gap) in zip(clients, jobs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put(results)


def check_in_over_http(args: argparse.Namespace) -> None:
    compound = build("采样小区", args.http_residents)
    user = admin_of(compound, "13500000001")
    round, _ = open_round(compound, user, points=args.points)
    points = list(
        round.points.filter(door_to_door=False).order_by("pk").values_list("pk", flat=True)
    )
    phones = []
    for n in range(args.points):
        phone = f"1350001{n:04d}"
        sampler = User.objects.create_user(
            phone, PASSWORD, name=f"采样{n}", role=Role.MEDICAL_ADVISER
        )
        sampler.compounds.add(compound)
        phones.append(phone)
    residents = list(round.entries.order_by("pk").values_list("resident_id", flat=True))
    total = int(args.rate * args.seconds)
    per_point = total // args.points
    codes = [resident_code(pk) for pk in residents[: per_point * args.points + 40 * args.points]]
    warm = codes[per_point * args.points :]
    codes = codes[: per_point * args.points]
    # Each point scans a tube before every ten: the rate counts tubes too.
    interval = args.points / args.rate
    connection.close()

    with gunicorn(args.workers, args.threads) as port:
        for phase, share, gap in (("warm-up", warm, 0.05), ("measured", codes, interval)):
            jobs = [
                (phones[i], round.pk, points[i], share[i :: args.points], gap)
                for i in range(args.points)
            ]
            out: multiprocessing.Queue[list] = multiprocessing.Queue()  # type: ignore[type-arg]
            start = time.time() + 3.0 + 0.8 * args.points / args.clients  # logins first
            procs = [
                multiprocessing.Process(
                    target=client_process,
                    args=(port, jobs[i :: args.clients], start, out, phase[0]),
                )
                for i in range(args.clients)
            ]
            for proc in procs:
                proc.start()
            results = [r for _ in procs for r in out.get()]
            for proc in procs:
                proc.join()
            took = max(0.001, time.time() - start)
            if phase == "warm-up":
                continue
            times = [t for _, t, _, _ in results]
            errors = sum(
                1 for _, _, status, location in results if status != 302 or "#" not in location
            )
            scans = [r for r in results if r[0] == "scan"]
            failed = [
                f"{status} {location[:80]}" for _, _, status, location in results if status != 302
            ]
            if failed:
                print(f"first errors: {failed[:3]}")
            print(
                f"database: {connection.vendor}; {len(residents):,} on the roster; "
                f"{args.points} points ({args.clients} client processes); "
                f"gunicorn {args.workers} workers × {args.threads} threads"
            )
            print(
                f"asked {args.rate:.0f} scans/s for {args.seconds:.0f} s: {len(results):,} scans "
                f"({len(scans):,} residents, {len(results) - len(scans):,} tubes) in {took:.1f} s "
                f"= {len(results) / took:.0f}/s; p50 {statistics.median(times):.0f} ms, "
                f"p99 {percentile(times, 0.99):.0f} ms; errors {errors}"
            )
    checked = set(
        RosterEntry.objects.filter(round=round, state=RosterEntry.State.TESTED).values_list(
            "resident_id", flat=True
        )
    )
    scanned = set(residents[: per_point * args.points]) | set(
        residents[per_point * args.points :][: len(warm)]
    )
    held = {t: 0 for t in round.tubes.values_list("pk", flat=True)}
    for tube in RosterEntry.objects.filter(round=round, tube__isnull=False).values_list(
        "tube_id", flat=True
    ):
        held[tube] += 1
    miscounted = sum(
        1 for pk, filled in round.tubes.values_list("pk", "filled") if held[pk] != filled
    )
    over = round.tubes.filter(filled__gt=TUBE).count()
    print(
        f"checked in {len(checked):,} of {len(scanned):,} scanned; not checked in "
        f"{len(scanned - checked):,}; tubes miscounted {miscounted}, over {TUBE} {over}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--points", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--http-residents", type=int, default=20_000)
    parser.add_argument("--residents", type=int, default=1_000_000)
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)

    began = time.perf_counter()
    small = build("两万人小区", 20_000)
    print(f"database: {connection.vendor}")
    print(f"built {small.buildings.count()} buildings in {time.perf_counter() - began:.0f} s")
    admin = admin_of(small, "13400000001")
    times = []
    for _ in range(3):
        round, took = open_round(small, admin)
        times.append(took)
    size = round.entries.count()
    print(
        row(
            f"roster of a {size:,}-person round written (median of 3)",
            statistics.median(times),
            1000,
        )
    )
    fill(round, 0.7)
    analyze()
    print(
        row(f"missed list page, {size:,}-person round, 30% missed", missed_page(round, admin), 50)
    )
    mapping, report = tube_mapped(round, admin)
    print(row(f"abnormal tube → its households, {size:,}-person round", mapping, 10))
    print(f"| the whole report_tube action (retest marks, audit) | {report:.2f} ms | |")

    if args.residents:
        began = time.perf_counter()
        big = build("百万人", args.residents)
        print(f"built {args.residents:,} residents in {time.perf_counter() - began:.0f} s")
        admin = admin_of(big, "13400000002")
        round, took = open_round(big, admin)
        size = round.entries.count()
        print(f"| roster of a {size:,}-person round written | {took:.0f} ms | |")
        fill(round, 0.7)
        analyze()
        print(
            row(
                f"missed list page, {size:,}-person round, 30% missed",
                missed_page(round, admin),
                1000,
            )
        )
        counts = timed(lambda: board.tallies(round, Q()), runs=3)
        print(row(f"live counts per building and unit, {size:,}-person round", counts))
        total = board.tallies(round, Q())[0]
        print(f"  (its counts: {total.expected:,} expected, {total.tested:,} tested)")
        mapping, report = tube_mapped(round, admin)
        print(row(f"abnormal tube → its households, {size:,}-person round", mapping, 10))
        print(f"| the whole report_tube action | {report:.2f} ms | |")
        connection.close()

    if args.rate:
        check_in_over_http(args)


if __name__ == "__main__":
    main()
