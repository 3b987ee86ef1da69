import json
import os
import sqlite3
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from registry.demo import DEMO_LOGINS
from registry.models import Building, Compound, Grid, Household, Resident, Unit

from .rosters import messy_roster

# Other processes, or the whole demo: left out of make test-fast.
pytestmark = pytest.mark.slow


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_parse_address_prints_json():
    data = json.loads(run("parse_address", "我住10#2-301，电话13812345678"))
    assert data == {"street": None, "building": "10", "unit": "2", "room": "301"}


def test_the_linli_script_takes_dashed_command_names():
    result = subprocess.run(
        [sys.executable, "-m", "linli.cli", "parse-address", "静园巷13号1单元103"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == {
        "street": "静园巷", "building": "13", "unit": "1", "room": "103"
    }  # fmt: skip


def test_import_households_prints_exactly_one_json_object(db, tmp_path):
    path = messy_roster(tmp_path / "roster.xlsx")
    out = run("import_households", str(path), "--compound", "富民花园", "--json")
    data = json.loads(out)
    assert data["rows_read"] == 8
    assert data["rows_rejected"] == 2
    assert data["warnings"] == 2
    assert Path(data["report"]).exists()
    again = json.loads(run("import_households", str(path), "--compound", "富民花园", "--json"))
    assert again["households_created"] == 0
    assert again["residents_created"] == 0


def test_import_households_refuses_a_missing_file(db):
    with pytest.raises(CommandError, match="找不到文件"):
        run("import_households", "/nonexistent.xlsx", "--compound", "x")


def test_the_demo_is_the_size_of_a_real_compound(empty):
    run("demo")
    compound = Compound.objects.get(name="富民花园")
    assert Building.objects.filter(compound=compound).count() == 20
    assert Unit.objects.filter(building__compound=compound).count() == 68
    assert Grid.objects.count() == 5
    assert 900 <= Household.objects.filter(unit__building__compound=compound).count() <= 1000
    residents = Resident.objects.count()
    assert 1800 <= residents <= 2300
    assert Resident.objects.filter(vulnerable=True).count() > 100
    assert Resident.objects.with_tag("elderly_alone").exists()
    assert compound.staff.count() + Grid.objects.first().staff.count() >= 3
    from accounts.models import User

    assert 130 <= User.objects.filter(role="volunteer").count() <= 160
    assert User.objects.filter(phone__in=[p for p, _, _ in DEMO_LOGINS]).count() == 8
    from helpdesk.models import Request
    from volunteers.models import WorkingGroup

    assert WorkingGroup.objects.count() == 5
    # 43 from the help desk's morning, 2 from residents' sanitation reports (one answered),
    # and the urgent request of last week's case.
    assert Request.objects.count() == 46
    assert Request.objects.filter(status="done").exists()
    assert Request.objects.unclaimed().exists()
    # The printed volunteer's pool holds what the printed household asked for.
    from helpdesk.access import requests_for_user
    from registry.demo import DEMO_VOLUNTEER, demo_household

    volunteer = User.objects.get(phone=DEMO_VOLUNTEER)
    pool = requests_for_user(volunteer).unclaimed()
    assert pool.filter(household=demo_household()).exists()
    # A week of group buying: an order merged with the neighbour, one to chase payments for.
    from groupbuy.models import Offer
    from ledger.balances import total_of_all, unpaid

    milk = Offer.objects.get(compound=compound, status="open")
    assert milk.siblings().exclude(compound=compound).exists()
    households = Household.objects.filter(unit__building__compound=compound)
    assert unpaid(households)
    assert total_of_all(compound) == 0
    # This morning's test round, half done, and last week's case due to step down.
    from health.actions import steps_due
    from health.models import TestRound

    round = TestRound.objects.get(compound=compound)
    tested, expected = (round.entries.filter(state=s).count() for s in ("tested", "expected"))
    assert tested > expected > 0
    assert [step.to for step in steps_due(compound)] == ["controlled"]
    # A day of disinfection: three areas overdue, the printed volunteer's stairwell among
    # them with a resident's report waiting; the garbage report was answered by its round.
    from sanitation.models import Area, OverflowReport

    overdue = [a for a in Area.objects.filter(compound=compound) if a.is_overdue()]
    assert len(overdue) == 3
    assert any(volunteer.serves(a.building) for a in overdue if a.building)
    assert OverflowReport.objects.filter(resolved_at__isnull=False, kind="garbage").count() == 1
    assert OverflowReport.objects.unresolved().filter(area__in=overdue).count() == 1


def test_the_demo_is_deterministic(empty):
    run("demo", "--seed", "7")
    first = list(Resident.objects.order_by("pk").values_list("name", "id_number")[:50])
    from accounts.models import User
    from groupbuy.models import MergedOrder, Offer
    from ledger.models import Account, Transaction

    # The ledger protects its accounts: money records are never removed with a compound.
    Transaction.objects.all().delete()
    Account.objects.all().delete()
    Offer.objects.all().delete()
    MergedOrder.objects.all().delete()
    Compound.objects.all().delete()
    User.objects.all().delete()
    run("demo", "--seed", "7")
    assert list(Resident.objects.order_by("pk").values_list("name", "id_number")[:50]) == first


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_record(tmp_path):
    run("demo")
    counts = {
        "registry_household": Household.objects.count(),
        "registry_resident": Resident.objects.count(),
        "accounts_user": __import__("accounts.models").models.User.objects.count(),
    }
    dest = tmp_path / "backup.db"
    run("backup", str(dest))
    assert dest.exists()
    if connection.vendor == "sqlite":
        restored = sqlite3.connect(dest)
        for table, count in counts.items():
            assert restored.execute(f"select count(*) from {table}").fetchone()[0] == count
        restored.close()
    else:
        settings = connection.settings_dict
        target = "linli_restore_check"
        base = ["-h", settings["HOST"], "-p", str(settings["PORT"]), "-U", settings["USER"]]
        subprocess.run(["dropdb", "--if-exists", *base, target], check=True)
        subprocess.run(["createdb", *base, target], check=True)
        subprocess.run(["pg_restore", "--no-owner", *base, "-d", target, str(dest)], check=True)
        for table, count in counts.items():
            result = subprocess.run(
                ["psql", *base, "-d", target, "-tAc", f"select count(*) from {table}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            assert int(result.stdout.strip()) == count
        subprocess.run(["dropdb", *base, target], check=True)


def test_import_households_prints_why_a_spreadsheet_is_refused(db, tmp_path):
    from lib.tests.sheets import HEADER, xlsx

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx({**HEADER, "CV1048576": "x"}))
    with pytest.raises(CommandError, match="1,048,576 行 × 100 列"):
        run("import_households", str(path), "--compound", "x")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file only")
def test_the_database_and_its_directory_are_private_to_their_owner(tmp_path):
    var = tmp_path / "var"
    env = dict(os.environ, LINLI_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="linli.settings")
    env["DATABASE_URL"] = f"sqlite:///{var / 'linli.sqlite3'}"
    subprocess.run([sys.executable, "-m", "linli.cli", "migrate", "-v0"], env=env, check=True)
    assert stat.S_IMODE(var.stat().st_mode) == 0o700
    for name in ("linli.sqlite3", "linli.sqlite3-wal", "linli.sqlite3-shm"):
        if (var / name).exists():
            assert stat.S_IMODE((var / name).stat().st_mode) == 0o600, name


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump is exercised by the PostgreSQL backup test")
    dest = tmp_path / "backups" / "b.sqlite3"
    run("backup", str(dest))
    assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    assert stat.S_IMODE(dest.parent.stat().st_mode) == 0o700
