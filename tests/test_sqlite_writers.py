"""Concurrent writers on a SQLite file wait for each other: never "database is locked"."""

import subprocess
import sys
import textwrap

import pytest
from django.db import connection

# Other processes, or the whole demo: left out of make test-fast.
pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import os, sys, django
    django.setup()
    from django.db import transaction
    from registry.models import Compound, Household
    compound = Compound.objects.get(name="并发")
    for i in range(40):
        # Read, then write, in one transaction: the pattern that deadlocks on DEFERRED.
        with transaction.atomic():
            count = Household.objects.count()
            Compound.objects.create(name=f"w{sys.argv[1]}-{i}-{count}")
    print("ok")
    """
)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking only")
def test_eight_processes_write_at_once_without_a_locked_database(sqlite_file_env):
    env = sqlite_file_env
    python = sys.executable
    subprocess.run(
        [python, "-c", "import django; django.setup(); from registry.models import Compound;"
         "Compound.objects.create(name='并发')"],
        env=env, check=True,
    )  # fmt: skip
    writers = [
        subprocess.Popen(
            [python, "-c", WRITER, str(n)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for n in range(8)
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()[-2000:]
        assert out.decode().strip() == "ok"
    count = subprocess.run(
        [python, "-c", "import django; django.setup(); from registry.models import Compound;"
         "print(Compound.objects.count())"],
        env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert int(count.stdout) == 1 + 8 * 40
