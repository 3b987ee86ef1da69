"""Two sampling points check the same residents in at the same instant, from two processes.

Each process is a gunicorn worker's stand-in with its own connection; both walk the same list
of residents in the same order, so that every check-in is contested. Every resident ends up
checked in exactly once, each tube holds no more than its size and counts what it holds, and the
losing point is told "checked in already" (a Conflict, never a 500 or "database is locked"), on
a SQLite file as `make run` has it and on PostgreSQL.
"""

import json
import subprocess
import sys
import time

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

RESIDENTS = 40

SETUP = """
import json, django
django.setup()
from datetime import date
from accounts.models import Role, User
from health import actions
from registry.models import Building, Compound, Household, Resident, Unit
compound = Compound.objects.create(name="核酸小区")
building = Building.objects.create(compound=compound, number="1")
unit = Unit.objects.create(building=building, number="1")
for n in range(%(residents)d):
    household = Household.objects.create(unit=unit, room=f"{101 + n}")
    resident = Resident(household=household)
    resident.set_name(f"居民{n}")
    resident.save()
admin = User.objects.create_user("13700000041", "x", name="居委", role=Role.COMMUNITY_ADMIN)
admin.compounds.add(compound)
round = actions.open_round(user=admin, compound=compound, name="r", day=date.today(), buildings=[],
                           tube_size=10, points=["东门", "西门"])
points = list(round.points.filter(door_to_door=False).order_by("pk"))
print(json.dumps({"round": round.pk, "points": [p.pk for p in points], "user": admin.pk}))
"""

CHECK_IN = """
import json, sys, time, django
django.setup()
from django.core.exceptions import ValidationError
from accounts.models import User
from health import actions
from health.models import RosterEntry, SamplingPoint
from linli.errors import Conflict
point = SamplingPoint.objects.select_related("round").get(pk=int(sys.argv[1]))
user = User.objects.get(pk=int(sys.argv[2]))
start = float(sys.argv[3])
entries = list(RosterEntry.objects.filter(round=point.round).select_related("resident")
               .order_by("pk"))
outcome = {"ok": [], "already": [], "errors": []}
tubes = 0
def new_tube():
    global tubes
    tubes += 1
    actions.open_tube(user=user, point=point, code=f"P{point.pk}-{tubes}")
new_tube()
time.sleep(max(0.0, start - time.time()))
for entry in entries:
    for attempt in range(3):
        try:
            done = actions.check_in(user=user, entry=entry, point=point)
            outcome["ok"].append(entry.pk)
            if done.tube_full:
                new_tube()
            break
        except Conflict:
            if RosterEntry.objects.filter(pk=entry.pk, tube__isnull=False).exists():
                outcome["already"].append(entry.pk)
                break
            new_tube()  # the tube filled under us: a new one, and again
        except ValidationError:
            new_tube()
        except Exception as exc:
            outcome["errors"].append(repr(exc))
            break
print(json.dumps(outcome))
"""

STATE = """
import json, sys, django
django.setup()
from health.models import RosterEntry, Tube
round = int(sys.argv[1])
entries = list(RosterEntry.objects.filter(round=round).values_list("pk", "state", "tube_id"))
tubes = {t.pk: (t.filled, t.size) for t in Tube.objects.filter(round=round)}
held = {}
for _pk, _state, tube in entries:
    if tube:
        held[tube] = held.get(tube, 0) + 1
print(json.dumps({"entries": entries, "tubes": {str(k): v for k, v in tubes.items()},
                  "held": {str(k): v for k, v in held.items()}}))
"""


def run(env, code, *args):
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def race(env):
    world = run(env, SETUP % {"residents": RESIDENTS})
    start = time.time() + 1.5
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", CHECK_IN, str(point), str(world["user"]), str(start)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for point in world["points"]
    ]
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    state = run(env, STATE, world["round"])
    assert [e for o in outcomes for e in o["errors"]] == []
    ok = [pk for o in outcomes for pk in o["ok"]]
    assert len(ok) == len(set(ok)) == RESIDENTS  # each once, by one point
    assert sum(len(o["already"]) for o in outcomes) == RESIDENTS  # every one contested and told
    for o, other in ((outcomes[0], outcomes[1]), (outcomes[1], outcomes[0])):
        assert set(o["already"]) <= set(other["ok"])  # the loser was told, and truly lost
    assert all(state_ == "tested" and tube for _pk, state_, tube in state["entries"])
    for tube, (filled, size) in state["tubes"].items():
        assert filled == state["held"].get(tube, 0) <= size, tube


def test_on_a_sqlite_file_two_points_check_each_resident_in_once(sqlite_file_env):
    race(sqlite_file_env)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run")
def test_on_postgresql_two_points_check_each_resident_in_once(postgres_env):
    race(postgres_env)
