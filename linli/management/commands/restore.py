import fcntl
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lib.files import private_file

# Every process with a SQLite database open in WAL mode holds a shared lock on this byte of
# the -shm file (SQLite's "DMS" slot, os_unix.c): if we can lock it exclusively, nobody has it.
SHM_DMS_BYTE = 128


class Command(BaseCommand):
    help = (
        "Put a backup made by `linli backup` in place of the database. SQLite: only while "
        "Linli is stopped; the current database is kept beside it. PostgreSQL: into an empty "
        "database, with pg_restore."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        backup: Path = options["backup"]
        if not backup.is_file():
            raise CommandError(f"no such backup: {backup}")
        if connection.vendor == "sqlite":
            for line in restore_sqlite(backup, Path(connection.settings_dict["NAME"])):
                self.stdout.write(line)
        elif connection.vendor == "postgresql":
            for line in restore_postgresql(backup):
                self.stdout.write(line)
        else:
            raise CommandError(f"no restore for {connection.vendor}")


def _in_use(database: Path) -> bool:
    shm = Path(f"{database}-shm")
    if not shm.exists():
        return False
    with shm.open("r+b") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, SHM_DMS_BYTE)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN, 1, SHM_DMS_BYTE)
    return False


def _integrity(path: Path, *, read_only: bool) -> str:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    try:
        db = sqlite3.connect(uri, uri=True)
        try:
            result = "; ".join(row[0] for row in db.execute("PRAGMA integrity_check"))
            if not db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone():
                return "not a Linli database (no django_migrations table)"
            if not read_only:
                db.execute("PRAGMA journal_mode=WAL")
            return result
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def restore_sqlite(backup: Path, database: Path) -> list[str]:
    connection.close()  # nothing in this process may hold the database open
    if _in_use(database):
        raise CommandError(
            f"{database} is open in another process (is `linli serve` running?): "
            "stop Linli, then restore"
        )
    checked = _integrity(backup, read_only=True)
    if checked != "ok":
        raise CommandError(f"the backup {backup} is damaged, nothing was changed: {checked}")
    done = [f"backup {backup}: integrity check ok"]
    # The current database, with the WAL a crash may have left, moves aside together: the
    # three files are consistent with each other, and only with each other.
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm"):
        current = Path(f"{database}{suffix}")
        if current.exists():
            kept = Path(f"{database}.before-restore-{stamp}{suffix}")
            current.replace(kept)
            done.append(f"moved {current.name} aside to {kept.name}")
    tmp = Path(f"{database}.restoring")
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    with backup.open("rb") as source, tmp.open("wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)
        target.flush()
        os.fsync(target.fileno())
    tmp.replace(database)
    done.append(f"copied {backup} to {database}")
    checked = _integrity(database, read_only=False)
    if checked != "ok":
        raise CommandError(f"the restored database fails its integrity check: {checked}")
    done.append(f"{database}: integrity check ok; Linli can be started again")
    return done


def restore_postgresql(backup: Path) -> list[str]:
    settings = connection.settings_dict
    tables = connection.introspection.table_names()
    if tables:
        raise CommandError(
            f"the database {settings['NAME']} is not empty ({len(tables)} tables): restore into "
            "an empty one (createdb linli_restored), point DATABASE_URL at it and run "
            "`linli restore` again"
        )
    connection.close()
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise CommandError("pg_restore not found: install postgresql-client")
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    command = [pg_restore, "--no-owner", "--exit-on-error", f"--dbname={settings['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command.append(f"{flag}={settings[key]}")
    command.append(str(backup))
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
    return [f"restored {backup} into {settings['NAME']}"]
