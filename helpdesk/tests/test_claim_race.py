"""Two volunteers claim the same request at the same moment, from two server processes.

Exactly one wins, on SQLite (a file, as `make run` uses) and on PostgreSQL. Each claimant is
its own process with its own connection, as gunicorn's workers are.
"""

import subprocess
import sys
import time

import pytest
from django.db import connection

# Other processes: left out of make test-fast.
pytestmark = pytest.mark.slow

CLAIM = """
import sys, time, django
django.setup()
from accounts.models import User
from helpdesk import actions
from helpdesk.models import Request
user = User.objects.get(phone=sys.argv[1])
item = Request.objects.get(pk=int(sys.argv[3]))
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
try:
    actions.claim_request(request=item, user=user)
    print("won")
except actions.Conflict:
    print("lost")
"""

SETUP = """
import django
django.setup()
from accounts.models import Role, User
from helpdesk import actions
from registry.models import Building, Compound, Household, Unit
compound = Compound.objects.create(name="竞争")
building = Building.objects.create(compound=compound, number="1")
unit = Unit.objects.create(building=building, number="1")
household = Household.objects.create(unit=unit, room="101")
for phone in ("13700000011", "13700000012"):
    User.objects.create_user(phone, "x", name=phone, role=Role.COMMUNITY_ADMIN)
for _ in range(10):
    item, _ = actions.submit_request(household=household, category="food", text="米", source="link")
    print(item.pk)
"""


def race(env, pks):
    outcomes = []
    for pk in pks:
        start = time.time() + 1.0  # both processes are up by then, and claim together
        claimants = [
            subprocess.Popen(
                [sys.executable, "-c", CLAIM, phone, str(start), str(pk)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for phone in ("13700000011", "13700000012")
        ]
        results = []
        for claimant in claimants:
            out, err = claimant.communicate(timeout=60)
            assert claimant.returncode == 0, err[-2000:]
            results.append(out.strip())
        outcomes.append(sorted(results))
    return outcomes


def test_on_a_sqlite_file_exactly_one_claim_wins(sqlite_file_env):
    env = sqlite_file_env
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
    )
    pks = [int(line) for line in setup.stdout.split()][:3]
    assert race(env, pks) == [["lost", "won"]] * 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run")
def test_on_postgresql_exactly_one_claim_wins(postgres_env):
    env = postgres_env
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
    )
    pks = [int(line) for line in setup.stdout.split()][:3]
    assert race(env, pks) == [["lost", "won"]] * 3
