"""Group buying under load: the flash workload over HTTP, the cut-off, and a 20,000-row import.

SCALE.md's flash workload: 20 offers × 500 households, about 35 sign-ups a second on a few
contended rows (each offer's limited item), then a burst of 500 households in one second on
one offer. Households sign up from their links (POST /h/<token>/groupbuy/<offer>/, then the
page it redirects to, whose notice says whether they are on the list). Afterwards the database
is checked against what each household was told: nothing oversold, no sign-up lost, none
recorded for a household that was told no. Then, in process: the cut-off of an offer with
5,000 sign-ups (case filling alone, and the whole close with its ledger charges), and a
20,000-row 快团团 export imported.

    DATABASE_URL=... python -m bench.groupbuy_bench [--seconds 60] [--rate 35] [--burst 500]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.helpdesk_bench import Client, gunicorn, percentile  # noqa: E402
from bench.overview_bench import build  # noqa: E402
from groupbuy import actions  # noqa: E402
from groupbuy.actions import ItemSpec  # noqa: E402
from groupbuy.allocation import Want, fill_cases  # noqa: E402
from groupbuy.imports import import_group_orders  # noqa: E402
from groupbuy.models import OfferItem, SignUp, SignUpLine  # noqa: E402
from registry.models import Compound, Household  # noqa: E402

CSRF = "b" * 32  # a household's browser has this cookie from its page; Django takes it as is
OFFERS = 20
STOCK = 150  # boxes of each offer's limited item: 500 households ask for 1-3, so it runs out
BURST_STOCK = 300


# A planned sign-up: when (seconds after the start), whose link, which offer, how many of each.
Plan = tuple[float, str, int, dict[int, int]]


def press(port: int, plan: Plan, start: float) -> tuple[float, str, Plan]:
    at, token, offer, quantities = plan
    client = Client(port, None)
    client.cookies["csrftoken"] = CSRF
    time.sleep(max(0.0, start + at - time.time()))
    body = "&".join(f"item-{pk}={n}" for pk, n in quantities.items())
    began = time.perf_counter()
    status, _ = client.call(
        "POST", f"/h/{token}/groupbuy/{offer}/", body, "application/x-www-form-urlencoded"
    )
    took = (time.perf_counter() - began) * 1000
    if status != 302:
        return took, f"http {status}", plan
    status, page = client.call("GET", client.last_location.removeprefix("http://127.0.0.1"))
    client.conn.close()
    text = page.decode()
    if status != 200:
        return took, f"http {status}", plan
    if 'class="notice success"' in text:
        return took, "on the list", plan
    if 'class="notice error"' in text:
        return took, "told no", plan
    return took, "no notice", plan


def client_process(port: int, plans: list[Plan], start: float, threads: int, out) -> None:  # type: ignore[no-untyped-def]
    """Sign the planned households up on time, `threads` of them in flight at once at most."""
    results: list[tuple[float, str, Plan]] = []
    lock = threading.Lock()
    queue = list(reversed(plans))

    def run() -> None:
        while True:
            with lock:
                if not queue:
                    return
                plan = queue.pop()
            result = press(port, plan, start)
            with lock:
                results.append(result)

    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    out.put(results)


def run_plans(port: int, plans: list[Plan], clients: int, threads: int) -> list:  # type: ignore[type-arg]
    out: multiprocessing.Queue[list[tuple[float, str, Plan]]] = multiprocessing.Queue()
    plans = sorted(plans)
    start = time.time() + 2.0  # every client is up by then
    procs = [
        multiprocessing.Process(
            target=client_process, args=(port, plans[i::clients], start, threads, out)
        )
        for i in range(clients)
    ]
    for proc in procs:
        proc.start()
    results = [r for _ in procs for r in out.get()]
    for proc in procs:
        proc.join()
    return results


def check(results: list, tokens: dict[str, int]) -> dict[str, int]:  # type: ignore[type-arg]
    """What each household was told against what the database holds."""
    told = {(tokens[plan[1]], plan[2]): (outcome, plan[3]) for _, outcome, plan in results}
    lines: dict[tuple[int, int], dict[int, int]] = {}
    for household, offer, item, milli in SignUpLine.objects.filter(
        signup__offer__in={offer for _, offer in told}, signup__cancelled=False
    ).values_list("signup__household", "signup__offer", "item", "quantity_milli"):
        lines.setdefault((household, offer), {})[item] = milli // 1000
    lost = sum(
        1
        for key, (outcome, asked) in told.items()
        if outcome == "on the list" and lines.get(key) != {k: v for k, v in asked.items() if v}
    )
    phantom = sum(
        1 for key, (outcome, _) in told.items() if outcome != "on the list" and key in lines
    )
    oversold = 0
    for stocked in OfferItem.objects.filter(offer__in={offer for _, offer in told}):
        signed = sum(q.get(stocked.pk, 0) for q in lines.values()) * 1000
        if stocked.stock_milli is not None and stocked.taken_milli > stocked.stock_milli:
            oversold += 1
        if signed != stocked.taken_milli:
            oversold += 1  # the counter and the lines disagree: as bad
    outcomes = [outcome for _, outcome, _ in results]
    return {
        "on_the_list": outcomes.count("on the list"),
        "told_no": outcomes.count("told no"),
        "errors": sum(1 for o in outcomes if o not in ("on the list", "told no")),
        "lost": lost,
        "phantom": phantom,
        "oversold": oversold,
    }


def flash(args: argparse.Namespace) -> tuple[Compound, User, list[Household]]:
    compound = build("团购小区", buildings=50, units=5, floors=10)  # 5,000 households
    households = list(Household.objects.filter(unit__building__compound=compound).order_by("pk"))
    for household in households:
        household.access_token = Household.new_token()
    Household.objects.bulk_update(households, ["access_token"], batch_size=2000)
    tokens = {h.access_token: h.pk for h in households if h.access_token}
    leader = User.objects.create_user("13600009999", "x", name="团长", role=Role.GROUP_BUY_LEADER)
    leader.compounds.add(compound)
    cutoff = timezone.now() + timedelta(hours=2)
    offers = []
    for n in range(OFFERS + 1):
        offers.append(actions.publish_offer(
            user=leader, compound=compound, title=f"第{n}期", supplier="光明", cutoff_at=cutoff,
            items=[
                ItemSpec(name="限量牛奶", unit="盒", price=Decimal("5.00"),
                         stock=Decimal(BURST_STOCK if n == OFFERS else STOCK)),
                ItemSpec(name="鸡蛋", unit="斤", price=Decimal("6.80")),
            ],
        ))  # fmt: skip
    items = {o.pk: [i.pk for i in o.items.order_by("position")] for o in offers}
    rng = random.Random(1)
    paced: list[Plan] = []
    count = int(args.seconds * args.rate)
    for n in range(count):
        offer = offers[n % OFFERS]
        household = households[(n // OFFERS) % len(households)]  # 500 households an offer
        milk, eggs = items[offer.pk]
        paced.append((n / args.rate, household.access_token or "", offer.pk,
                      {milk: rng.choice([1, 2, 3]), eggs: rng.choice([0, 1, 2])}))  # fmt: skip
    burst_offer = offers[OFFERS]
    milk, eggs = items[burst_offer.pk]
    burst: list[Plan] = [
        (n / args.burst, h.access_token or "", burst_offer.pk, {milk: rng.choice([1, 1, 2])})
        for n, h in enumerate(rng.sample(households, args.burst))
    ]
    connection.close()

    with gunicorn(args.workers, args.threads) as port:
        # Each worker's first calls load its code: not measured (nor checked: a warm-up offer).
        warm = offers[OFFERS - 1]
        run_plans(port, [(0.0, h.access_token or "", warm.pk, {items[warm.pk][1]: 1})
                         for h in households[-30:]], args.clients, 4)  # fmt: skip
        began = time.perf_counter()
        steady = run_plans(port, paced, args.clients, 8)
        steady_seconds = time.perf_counter() - began
        began = time.perf_counter()
        rush = run_plans(port, burst, args.clients, max(1, args.burst // args.clients))
        rush_seconds = time.perf_counter() - began - 2.0

    print(f"database: {connection.vendor}; {len(households):,} households, {OFFERS} offers; "
          f"{args.clients} client processes; gunicorn {args.workers} workers × "
          f"{args.threads} threads")  # fmt: skip
    print(
        "| phase | sign-ups | p50 (ms) | p99 (ms) | on the list | told no | errors | lost "
        "| recorded though told no | oversold items |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, results, seconds in (
        (f"steady, {args.rate:.0f}/s for {args.seconds:.0f} s", steady, steady_seconds),
        (f"burst, {args.burst} households in 1 s on one offer", rush, rush_seconds),
    ):
        figures = check(results, tokens)
        times = [t for t, _, _ in results]
        median = statistics.median(times)
        print(f"| {name} (took {seconds:.1f} s) | {len(results):,} | {median:.0f} "
              f"| {percentile(times, 0.99):.0f} | {figures['on_the_list']:,} "
              f"| {figures['told_no']:,} | {figures['errors']} | {figures['lost']} "
              f"| {figures['phantom']} | {figures['oversold']} |")  # fmt: skip
    return compound, leader, households


def cut_off(compound: Compound, leader: User, households: list[Household]) -> None:
    """5,000 sign-ups for milk in cases of 12 and eggs by the 斤: fill cases, then close."""
    offer = actions.publish_offer(
        user=leader, compound=compound, title="截单", supplier="光明",
        cutoff_at=timezone.now() + timedelta(hours=1),
        items=[ItemSpec(name="牛奶", unit="盒", price=Decimal("4.50"), case_size=12),
               ItemSpec(name="鸡蛋", unit="斤", price=Decimal("6.80"))],
    )  # fmt: skip
    milk, eggs = offer.items.order_by("position")
    rng = random.Random(2)
    now = timezone.now()
    signups = SignUp.objects.bulk_create(
        [SignUp(offer=offer, household=h, created_at=now) for h in households[:5000]],
        batch_size=2000,
    )
    if not all(s.pk for s in signups):
        signups = list(SignUp.objects.filter(offer=offer).order_by("pk"))
    SignUpLine.objects.bulk_create(
        [line for s in signups for line in (
            SignUpLine(signup=s, item=milk, quantity_milli=1000 * rng.choice([1, 2, 6, 12]),
                       tolerance_milli=1000 * rng.choice([0, 0, 2])),
            SignUpLine(signup=s, item=eggs, quantity_milli=500 * rng.choice([1, 2, 3, 4])),
        )],
        batch_size=2000,
    )  # fmt: skip
    wants = [
        Want(pk, quantity, tolerance)
        for pk, quantity, tolerance in SignUpLine.objects.filter(item=milk)
        .order_by("signup__created_at", "signup__pk", "pk")
        .values_list("pk", "quantity_milli", "tolerance_milli")
    ]
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        fill_cases(wants, milk.case_size)
        runs.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    outcome = actions.close(user=leader, offer=offer)
    closed = (time.perf_counter() - began) * 1000
    print()
    print("| the cut-off, 5,000 sign-ups | median (ms) | target (ms) |")
    print("|---|---:|---:|")
    print(f"| case filling (5,000 lines of milk in cases of 12) | {statistics.median(runs):.0f} "
          f"| 1,000 |")  # fmt: skip
    print(f"| the whole close: both items filled, 5,000 households charged in the ledger "
          f"| {closed:.0f} | 1,000 |")  # fmt: skip
    print(f"(went ahead: {outcome.went_ahead}; {outcome.shares} shares, ¥{outcome.amount})")


KTT = (
    "下单人 团员备注 团长备注 跟团号 商品 规格 数量 商品金额 运费 优惠 订单金额 退款金额 物流方式 "
    "服务小区 服务小区联系人 服务小区电话 服务小区地址 收货人 联系电话 详细地址 "
    "团长 房号 楼号 弄号 支付状态"
).split()


def _ktt_row(number: str, goods: str, line: str, amount: str, name: str, room: str,
             building: str) -> list[str]:  # fmt: skip
    row = dict.fromkeys(KTT, "")
    row.update({"跟团号": number, "商品": goods, "数量": "1", "商品金额": line,
                "订单金额": amount, "收货人": name, "房号": room, "楼号": building,
                "支付状态": "已支付"})  # fmt: skip
    return [row[k] for k in KTT]


def group_export(compound: Compound, households: list[Household], rows: int) -> Path:
    """A 快团团 export of `rows` item lines: orders of one to three lines, the order's own
    cells left blank below its first line, as the app exports them."""
    units = dict(Household.objects.filter(unit__building__compound=compound).values_list(
        "pk", "unit__number"))  # fmt: skip
    buildings = dict(Household.objects.filter(unit__building__compound=compound).values_list(
        "pk", "unit__building__number"))  # fmt: skip
    rng = random.Random(3)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["快团团 订单导出"])
    sheet.append(KTT)
    written, number = 0, 0
    goods = [("牛奶", "5.50"), ("鸡蛋", "6.80"), ("蔬菜包", "38.00"), ("大米", "65.00")]
    while written < rows:
        number += 1
        household = households[number % len(households)]
        lines = rng.choice([1, 2, 3])
        total = Decimal(0)
        chosen = rng.sample(goods, lines)
        total = sum((Decimal(price) for _, price in chosen), Decimal(0))
        for index, (name, price) in enumerate(chosen):
            first = index == 0
            sheet.append(_ktt_row(
                str(number) if first else "", name, price, str(total) if first else "",
                f"住户{number}" if first else "",
                f"{units[household.pk]}-{household.room}" if first else "",
                f"{buildings[household.pk]}栋" if first else "",
            ))  # fmt: skip
            written += 1
            if written >= rows:
                break
    path = Path(tempfile.mkdtemp()) / "ktt-20000.xlsx"
    book.save(path)
    return path


def importing(compound: Compound, households: list[Household], rows: int) -> None:
    path = group_export(compound, households, rows)
    began = time.perf_counter()
    result = import_group_orders(compound=compound, path=path, user=None, title="bench")
    took = (time.perf_counter() - began) * 1000
    print()
    print("| import | rows read | orders | households | unmatched rows | ms | target (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| a {rows:,}-row 快团团 export ({path.stat().st_size // 1024} KB) | "
          f"{result.rows_read:,} | {result.orders:,} | {result.households_matched:,} "
          f"| {result.rows_unmatched} | {took:.0f} | 3,000 |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=35)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    compound, leader, households = flash(args)
    cut_off(compound, leader, households)
    importing(compound, households, args.rows)


if __name__ == "__main__":
    main()
