"""Households sign up for a flash offer in the same second, from several server processes.

Each process is a gunicorn worker's stand-in, with its own connection; they all start at one
instant. Nothing is oversold, no sign-up is lost or doubled, and each household that did not
get any is told so (a Conflict, never a 500 or "database is locked"), on a SQLite file as
`make run` has it and on PostgreSQL. On PostgreSQL threads race as well.
"""

import json
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

STOCK = 30  # boxes; 48 households ask for 1 to 3 each, about 96 in all
WORKERS = 4

SETUP = """
import json, django
django.setup()
from datetime import timedelta
from decimal import Decimal
from django.utils import timezone
from accounts.models import Role, User
from groupbuy import actions
from groupbuy.actions import ItemSpec
from registry.models import Building, Compound, Household, Unit
compound = Compound.objects.create(name="抢购小区")
building = Building.objects.create(compound=compound, number="1")
unit = Unit.objects.create(building=building, number="1")
households = [Household.objects.create(unit=unit, room=f"{100 + n}") for n in range(48)]
leader = User.objects.create_user("13700000031", "x", name="团长", role=Role.GROUP_BUY_LEADER)
leader.compounds.add(compound)
offer = actions.publish_offer(
    user=leader, compound=compound, title="限量牛奶", supplier="光明",
    cutoff_at=timezone.now() + timedelta(hours=1),
    items=[ItemSpec(name="牛奶", unit="盒", price=Decimal("5.00"), stock=Decimal(%(stock)d))],
)
print(json.dumps({"offer": offer.pk, "item": offer.items.get().pk,
                  "households": [h.pk for h in households]}))
"""

SIGN_UP = """
import json, sys, time, django
django.setup()
from groupbuy import actions
from groupbuy.models import Offer
from linli.errors import Conflict
from registry.models import Household
offer_pk, item_pk, start = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
asks = json.loads(sys.argv[4])
offer = Offer.objects.get(pk=offer_pk)
households = {h.pk: h for h in Household.objects.filter(pk__in=[int(k) for k in asks])
              .select_related("unit__building")}
time.sleep(max(0.0, start - time.time()))
outcome = {"ok": {}, "refused": [], "errors": []}
for pk, boxes in asks.items():
    try:
        actions.sign_up(offer=offer, household=households[int(pk)], quantities={item_pk: boxes})
        outcome["ok"][pk] = boxes
    except Conflict:
        outcome["refused"].append(pk)
    except Exception as exc:
        outcome["errors"].append(repr(exc))
print(json.dumps(outcome))
"""


def asks_of(households: list[int]) -> dict[str, int]:
    return {str(pk): 1 + index % 3 for index, pk in enumerate(households)}


def race(env: dict[str, str], world: dict, asks: dict[str, int]) -> list[dict]:
    start = time.time() + 1.5  # every worker is up by then, and they press together
    keys = list(asks)
    slices = [{k: asks[k] for k in keys[i::WORKERS]} for i in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                SIGN_UP,
                str(world["offer"]),
                str(world["item"]),
                str(start),
                json.dumps(part),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in slices
    ]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


STATE = """
import json, sys, django
django.setup()
from groupbuy.models import OfferItem, SignUpLine
item = OfferItem.objects.get(pk=int(sys.argv[1]))
lines = SignUpLine.objects.filter(item=item).values_list("signup__household", "quantity_milli")
print(json.dumps({"taken": item.taken_milli, "stock": item.stock_milli,
                  "lines": {str(h): q for h, q in lines}}))
"""


def state_of(env: dict[str, str], world: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", STATE, str(world["item"])],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def check(state: dict, asks: dict[str, int], outcomes: list[dict]) -> None:
    got = {pk: boxes for o in outcomes for pk, boxes in o["ok"].items()}
    refused = [pk for o in outcomes for pk in o["refused"]]
    assert [e for o in outcomes for e in o["errors"]] == []
    assert len(got) + len(refused) == len(asks)  # every household got an answer
    # No sign-up lost, none doubled, none half-written; the counter agrees with the lines.
    assert {pk: milli // 1000 for pk, milli in state["lines"].items()} == got
    assert state["taken"] == sum(got.values()) * 1000
    assert state["taken"] <= state["stock"]  # never oversold
    assert STOCK - 2 <= sum(got.values())  # nor undersold: only a 2- or 3-box ask is refused


def setup_world(env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SETUP % {"stock": STOCK}],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_on_a_sqlite_file_a_flash_offer_never_oversells(sqlite_file_env):
    world = setup_world(sqlite_file_env)
    asks = asks_of(world["households"])
    outcomes = race(sqlite_file_env, world, asks)
    check(state_of(sqlite_file_env, world), asks, outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run")
def test_on_postgresql_a_flash_offer_never_oversells_across_processes(postgres_env):
    env = postgres_env
    world = setup_world(env)
    asks = asks_of(world["households"])
    outcomes = race(env, world, asks)
    check(state_of(env, world), asks, outcomes)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run")
def test_on_postgresql_threads_signing_up_and_changing_at_once_never_oversell(postgres_env):
    from groupbuy import actions
    from groupbuy.models import Offer
    from linli.errors import Conflict
    from registry.models import Household

    world = setup_world(postgres_env)
    offer = Offer.objects.get(pk=world["offer"])
    households = list(
        Household.objects.filter(pk__in=world["households"]).select_related("unit__building")
    )
    asks = asks_of(world["households"])
    outcomes = [{"ok": {}, "refused": [], "errors": []} for _ in range(WORKERS)]
    barrier = threading.Barrier(WORKERS)

    def press(index: int) -> None:
        outcome = outcomes[index]
        barrier.wait()
        try:
            for household in households[index::WORKERS]:
                key = str(household.pk)
                try:
                    actions.sign_up(
                        offer=offer, household=household, quantities={world["item"]: asks[key]}
                    )
                    outcome["ok"][key] = asks[key]
                except Conflict:
                    outcome["refused"].append(key)
                except Exception as exc:
                    outcome["errors"].append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check(state_of(postgres_env, world), asks, outcomes)
