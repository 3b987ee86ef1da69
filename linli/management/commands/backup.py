import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from lib.files import private_dir, private_file


class Command(BaseCommand):
    help = (
        "Take a consistent copy of the database while Linli runs: SQLite's online backup, "
        "or pg_dump (custom format) on PostgreSQL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        dest: Path = options["dest"]
        private_dir(dest.parent)
        if connection.vendor == "sqlite":
            backup_sqlite(dest)
        elif connection.vendor == "postgresql":
            backup_postgresql(dest)
        else:
            raise CommandError(f"no backup for {connection.vendor}")
        self.stdout.write(f"backup written to {dest}")


def backup_sqlite(dest: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    tmp = dest.with_suffix(dest.suffix + ".tmp")
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    target = sqlite3.connect(tmp)
    try:
        # The online backup copies a consistent snapshot even while others write.
        source.backup(target)
    finally:
        target.close()
    tmp.replace(dest)


def backup_postgresql(dest: Path) -> None:
    settings = connection.settings_dict
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise CommandError("pg_dump not found: install postgresql-client")
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    # pg_dump writes into the file as it finds it: created for the owner only.
    dest.unlink(missing_ok=True)
    private_file(dest)
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={dest}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            command.append(f"{flag}={settings[key]}")
    command.append(settings["NAME"])
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
