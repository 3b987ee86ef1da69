"""The evening gate rush of a 10,000-household compound, over HTTP, and the gate's big pages.

SCALE.md: 5,000 items in two hours, four hand-offs each. Concurrent clients on loopback log
items at the gate (POST /gate/) and move each one grid → building → door, as fast as the server
answers; afterwards the database is checked: every item logged once, every step once. Then, in
process: a building's run sheet with 2,000 items, the evening sweep over 50,000 items not yet at
a door, and a 5,000-row consignment received.

    DATABASE_URL=... python -m bench.gate_bench [--items 5000] [--clients 8]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client as DjangoClient  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.helpdesk_bench import PASSWORD, Client, gunicorn, percentile  # noqa: E402
from bench.overview_bench import build  # noqa: E402
from lib.bulk import insert_rows  # noqa: E402
from lib.consignment import ConsignmentRow  # noqa: E402
from logistics import actions  # noqa: E402
from logistics.models import Handoff, Item, Status  # noqa: E402
from registry.models import Building, Household  # noqa: E402

STEPS = ("grid", "building", "delivered")


def rush_worker(
    port: int, phone: str, labels: list[str], out: multiprocessing.Queue, pace: float
) -> None:
    """Log each item and move it three steps; `pace` seconds between items (0: flat out)."""
    client = Client(port, phone)
    logged, moved, pages, errors = [], [], [], 0
    started = time.perf_counter()
    for n, label in enumerate(labels):
        if pace and (wait := started + n * pace - time.perf_counter()) > 0:
            time.sleep(wait)
        body = f"kind=parcel&source=courier&pieces=1&label_text={label}"
        start = time.perf_counter()
        status, _ = client.call("POST", "/gate/", body, "application/x-www-form-urlencoded")
        logged.append((time.perf_counter() - start) * 1000)
        # The redirect names the item just logged: ?compound=…&last=<pk>
        location = client.last_location
        if status != 302 or "last=" not in location:
            errors += 1
            continue
        pk = parse_qs(urlsplit(location).query)["last"][0]
        # As the phone does: it follows the redirect to the next empty form (which also takes
        # the "logged" message off the session).
        start = time.perf_counter()
        status, _ = client.call("GET", location.removeprefix("http://127.0.0.1"))
        pages.append((time.perf_counter() - start) * 1000)
        errors += status != 200
        for stage in STEPS:
            start = time.perf_counter()
            status, _ = client.call(
                "POST", f"/gate/items/{pk}/move/", f"stage={stage}",
                "application/x-www-form-urlencoded",
            )  # fmt: skip
            moved.append((time.perf_counter() - start) * 1000)
            errors += status != 302
            client.call("GET", client.last_location.removeprefix("http://127.0.0.1"))
    out.put((logged, moved, errors, pages))


def rush(port: int, phones: list[str], labels: list[str], rate: float = 0) -> dict[str, float]:
    """`rate`: items a second across all clients (0: as fast as the server answers)."""
    out: multiprocessing.Queue = multiprocessing.Queue()
    shares = [labels[i :: len(phones)] for i in range(len(phones))]
    pace = len(phones) / rate if rate else 0.0
    procs = [
        multiprocessing.Process(target=rush_worker, args=(port, phone, share, out, pace))
        for phone, share in zip(phones, shares, strict=True)
    ]
    start = time.perf_counter()
    for proc in procs:
        proc.start()
    results = [out.get() for _ in procs]
    for proc in procs:
        proc.join()
    seconds = time.perf_counter() - start
    logged = [t for r in results for t in r[0]]
    moved = [t for r in results for t in r[1]]
    pages = [t for r in results for t in r[3]]
    return {
        "page_p50": statistics.median(pages),
        "page_p99": percentile(pages, 0.99),
        "seconds": seconds,
        "rps": (len(logged) + 2 * len(moved) + len(pages)) / seconds,
        "log_p50": statistics.median(logged),
        "log_p99": percentile(logged, 0.99),
        "move_p50": statistics.median(moved),
        "move_p99": percentile(moved, 0.99),
        "errors": sum(r[2] for r in results),
    }


def timed(call: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def insert_items(compound: object, households: list[Household], count: int, status: str) -> None:
    now = timezone.now()
    codes = actions._free_codes(compound, count)  # type: ignore[arg-type]
    rows = []
    for n, code in enumerate(codes):
        household = households[n % len(households)]
        rows.append([
            compound.pk, code, "parcel", "", "courier", "", 1, False, "", household.pk,  # type: ignore[attr-defined]
            household.unit.building_id, status, "17:00", now + timedelta(hours=1), False,
            now - timedelta(minutes=n % 600), now, "", "",
        ])  # fmt: skip
    fields = ["compound", "code", "kind", "label_text", "source", "sender", "pieces",
              "disinfected", "note", "household", "building", "status", "slot", "due_at",
              "late", "received_at", "moved_at", "closed_reason", "photo"]  # fmt: skip
    insert_rows(Item, fields, rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    # SCALE.md's evening: 5,000 items in two hours. The paced run sends them ten times faster.
    parser.add_argument("--paced-items", type=int, default=1000)
    parser.add_argument("--burst", type=float, default=10)
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    # Its own compound: on PostgreSQL the benchmarks share one database.
    compound = build("门岗小区", buildings=125, units=4, floors=10)
    phones = []
    for n in range(args.clients):
        phone = f"1360000{n:04d}"
        user = User.objects.create_user(phone, PASSWORD, name=f"门岗{n}", role=Role.VOLUNTEER)
        user.compounds.add(compound)
        phones.append(phone)
    households = list(
        Household.objects.filter(unit__building__compound=compound).select_related("unit__building")
    )
    rng = random.Random(1)
    labels = [
        f"{h.unit.building.number}栋{h.unit.number}单元{h.room} 某某"
        for h in rng.choices(households, k=args.items + args.paced_items + 5 * args.clients)
    ]
    connection.close()

    with gunicorn(args.workers, args.threads) as port:
        warm = 5 * len(phones)  # each worker's first calls load its code: not measured
        rush(port, phones, labels[:warm])
        paced = rush(
            port, phones, labels[warm : warm + args.paced_items], rate=5000 / 7200 * args.burst
        )
        result = rush(port, phones, labels[warm + args.paced_items :])
    logged = Item.objects.filter(compound=compound).count()
    delivered = Item.objects.filter(compound=compound, status=Status.DELIVERED).count()
    steps = Handoff.objects.filter(item__compound=compound).count()

    print(f"database: {connection.vendor}; {len(households):,} households; {args.clients} clients, "
          f"{args.workers} gunicorn workers × {args.threads} threads")  # fmt: skip
    print(f"paced: {args.paced_items:,} items at {args.burst:.0f}× the evening's rate "
          f"({5000 / 7200 * args.burst:.1f} items/s, four steps each, every POST followed "
          f"by its page), then flat out: "
          f"{args.items:,} items × 4 steps in {result['seconds']:.0f} s "
          f"({result['rps']:.0f} requests/s)")  # fmt: skip
    print("| call | paced p50 (ms) | paced p99 (ms) | flat-out p50 (ms) | flat-out p99 (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name, key in (
        ("log an item at the gate", "log"),
        ("hand it on (grid, building, door)", "move"),
    ):
        print(f"| {name} | {paced[key + '_p50']:.1f} | {paced[key + '_p99']:.1f} "
              f"| {result[key + '_p50']:.1f} | {result[key + '_p99']:.1f} |")  # fmt: skip
    sent, errors = len(labels), result["errors"] + paced["errors"]
    print(f"errors: {errors}; items in the database: {logged:,} (sent {sent:,}); "
          f"delivered: {delivered:,}; hand-offs: {steps:,} (expected {4 * sent:,})")  # fmt: skip

    # The big pages, in process, timed from the request to the rendered page.
    gate = User.objects.get(phone=phones[0])
    client = DjangoClient()
    client.force_login(gate)
    building = Building.objects.filter(compound=compound).order_by("pk").first()
    assert building is not None
    in_building = [h for h in households if h.unit.building_id == building.pk]
    Item.objects.filter(compound=compound).delete()
    insert_items(compound, in_building, 2000, Status.GATE)
    sheet = timed(lambda: client.get(f"/gate/buildings/{building.pk}/"))
    Item.objects.filter(compound=compound).delete()
    insert_items(compound, households, 50_000, Status.GATE)
    sweep = timed(lambda: client.get("/gate/sweep/"))
    rows = [
        ConsignmentRow(number=n + 2, raw=[label], label=label, where=label)
        for n, label in enumerate(labels[:5000])
    ]
    batches = iter(range(100))
    batch = timed(lambda: actions.receive_batch(
        user=gate, compound=compound, rows=rows, kind="group_buy", reference=f"b{next(batches)}"
    ), runs=3)  # fmt: skip
    print("| page | median (ms) | target (ms) |")
    print("|---|---:|---:|")
    print(f"| a building's run sheet, 2,000 items | {sheet:.0f} | 200 |")
    print(f"| the evening sweep, 50,000 items not at a door | {sweep:.0f} | 500 |")
    print(f"| a 5,000-row consignment received | {batch:.0f} | 2,000 |")


if __name__ == "__main__":
    main()
