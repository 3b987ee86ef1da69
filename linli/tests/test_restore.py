"""`linli restore` after a crash: the WAL a `kill -9` leaves must not meet the backup."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.slow
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite restore")

SETUP = "import django; django.setup(); from registry.models import Compound; "
WRITER = textwrap.dedent(
    """
    import django
    django.setup()
    from django.db import connection
    from registry.models import Compound
    connection.ensure_connection()
    connection.cursor().execute("PRAGMA wal_autocheckpoint=0")  # keep it all in the WAL
    for i in range(100_000):
        Compound.objects.create(name=f"after the backup {i}")
        if i == 200:
            print("writing", flush=True)
    """
)
HOLDER = SETUP + "Compound.objects.count(); print('open', flush=True); import time; time.sleep(60)"


def linli(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "linli.cli", *args], env=env, capture_output=True, text=True
    )


def python(env, code):
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)


def started(env, code, word):
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == word
    return process


@sqlite_only
def test_a_backup_restores_cleanly_after_a_writer_was_killed(sqlite_file_env, tmp_path):
    env = sqlite_file_env
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    python(env, SETUP + "Compound.objects.create(name='before the backup')")
    backup = tmp_path / "backup.sqlite3"
    assert linli(env, "backup", str(backup)).returncode == 0

    writer = started(env, WRITER, "writing")
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert Path(f"{database}-wal").stat().st_size > 0  # the crash left a WAL behind

    result = linli(env, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert "linli.sqlite3-wal" in result.stdout  # it says what it did with the WAL
    assert "integrity check ok" in result.stdout
    names = python(env, SETUP + "print(list(Compound.objects.values_list('name', flat=True)))")
    assert names.stdout.strip() == "['before the backup']", names.stderr
    db = sqlite3.connect(database)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    # What was there before the restore is kept, with its WAL, and opens whole.
    kept = list(database.parent.glob("linli.sqlite3.before-restore-*"))
    assert {p.name.rsplit("-", 1)[-1] for p in kept} >= {"wal", "shm"}
    main = next(p for p in kept if not p.name.endswith(("-wal", "-shm")))
    old = sqlite3.connect(main)
    assert old.execute("select count(*) from registry_compound").fetchone()[0] > 200
    old.close()


@sqlite_only
def test_restore_refuses_while_another_process_has_the_database_open(sqlite_file_env, tmp_path):
    env = sqlite_file_env
    backup = tmp_path / "backup.sqlite3"
    assert linli(env, "backup", str(backup)).returncode == 0
    holder = started(env, HOLDER, "open")
    try:
        result = linli(env, "restore", str(backup))
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode != 0
    assert "stop Linli" in result.stderr


@sqlite_only
def test_restore_refuses_a_damaged_backup_and_changes_nothing(sqlite_file_env, tmp_path):
    env = sqlite_file_env
    backup = tmp_path / "backup.sqlite3"
    backup.write_bytes(b"SQLite format 3\0" + b"\xff" * 4096)
    result = linli(env, "restore", str(backup))
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert python(env, SETUP + "print(Compound.objects.count())").stdout.strip() == "0"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_restore")
@pytest.mark.django_db(transaction=True)
def test_postgresql_restores_into_an_empty_database_only(tmp_path):
    from registry.models import Compound

    Compound.objects.create(name="备份里的小区")
    dump = tmp_path / "backup.dump"
    call_command("backup", str(dump), stdout=io.StringIO())
    settings = connection.settings_dict
    base = ["-h", settings["HOST"], "-p", str(settings["PORT"]), "-U", settings["USER"]]
    target = "linli_restore_target"
    subprocess.run(["dropdb", "--if-exists", *base, target], check=True)
    subprocess.run(["createdb", *base, target], check=True)
    env = dict(os.environ, DATABASE_URL=database_url(target))
    try:
        first = linli(env, "restore", str(dump))
        assert first.returncode == 0, first.stderr
        names = python(env, SETUP + "print(list(Compound.objects.values_list('name', flat=True)))")
        assert names.stdout.strip() == "['备份里的小区']", names.stderr
        again = linli(env, "restore", str(dump))
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        subprocess.run(["dropdb", "--if-exists", *base, target], check=True)


def database_url(name):
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{name}"
