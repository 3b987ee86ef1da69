"""Files and directories that hold personal data: created for their owner only."""

import os
from pathlib import Path


def private_dir(path: Path) -> None:
    """Create a directory only its owner can enter (the database and backups live in it)."""
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)


def private_file(path: Path) -> None:
    """Create an empty file readable by its owner only, or take the others' access away.

    An empty file is a valid empty SQLite database, and SQLite gives its -wal and -shm files
    the permissions of the database file.
    """
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
    except OSError:
        pass  # not ours to change (a shared read-only copy): SQLite reports what matters
