"""Roster imports as jobs: queued by the upload page, run by the worker, undone if they fail.

An import commits in batches (LINLI_IMPORT_BATCH_ROWS rows a transaction), so SQLite's write
lock is free between batches and a resident's submit waits for one batch at most, never for the
whole import. All or nothing still holds for the person who uploaded: every batch writes, in
its own transaction, what undoing it needs (ImportUndo rows; created_by_import on households
and residents), and an import that fails, crashes or whose worker is killed is undone, batch by
batch, and ends "failed" with the reason.

A worker claims a queued import with a conditional update (queued → running), so two workers
never run the same one, and beats its heartbeat with every batch. An import whose heartbeat is
older than LINLI_IMPORT_LEASE_SECONDS lost its worker: the next worker undoes it.
"""

from __future__ import annotations

import logging
import os
import secrets
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists
from django.utils import timezone

from accounts.models import AuditEntry, User, record
from lib.files import private_dir
from lib.roster import read_roster
from lib.spreadsheet import SpreadsheetError, declared_rows
from registry.importer import (
    RESIDENT_FIELDS,
    BatchWriter,
    ImportSummary,
    report_workbook,
    spreadsheet_limits,
    write_report,
)
from registry.models import (
    Building,
    BuildingAlias,
    Compound,
    Household,
    ImportUndo,
    Resident,
    RosterImport,
    Unit,
)

logger = logging.getLogger(__name__)
State = RosterImport.State
Failure = RosterImport.Failure


class Interrupted(Exception):
    """Another worker took this import over: its heartbeat had stopped for too long."""


def queue_import(
    *, chunks: Iterable[bytes], filename: str, compound_name: str, user: User | None
) -> RosterImport:
    """Keep the uploaded file where only Linli can read it, and queue its import."""
    directory = RosterImport.uploads_dir()
    private_dir(directory)
    suffix = Path(filename).suffix.lower()[:10]
    name = f"upload-{secrets.token_hex(8)}{suffix}"
    with os.fdopen(
        os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb"
    ) as f:
        for chunk in chunks:
            f.write(chunk)
    path = directory / name
    return RosterImport.objects.create(
        compound=Compound.objects.filter(name=compound_name).first(),
        compound_name=compound_name,
        filename=filename[:200],
        by=user,
        state=State.QUEUED,
        upload_file=name,
        rows_total=declared_rows(path, spreadsheet_limits()),
    )


def runs_inline(run: RosterImport) -> bool:
    """Small enough to import within the upload's request: its contents, not its zip size."""
    path = RosterImport.uploads_dir() / run.upload_file
    size = path.stat().st_size
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                size = max(size, sum(info.file_size for info in archive.infolist()))
        except (zipfile.BadZipFile, OSError):
            pass  # the import says what is wrong with the file
    return size <= settings.LINLI_IMPORT_INLINE_BYTES


def claim(run: RosterImport) -> bool:
    """Take a queued import to run; of two workers, exactly one gets it.

    One import runs at a time: two imports into one compound would race for its households.
    """
    now = timezone.now()
    busy = RosterImport.objects.filter(state__in=[State.RUNNING, State.UNDOING])
    claimed = (
        RosterImport.objects.filter(pk=run.pk, state=State.QUEUED)
        .exclude(Exists(busy))
        .update(state=State.RUNNING, heartbeat_at=now)
    )
    if claimed:
        run.state, run.heartbeat_at = State.RUNNING, now
    return bool(claimed)


def claim_next() -> RosterImport | None:
    for run in RosterImport.objects.filter(state=State.QUEUED).order_by("at", "pk")[:5]:
        if claim(run):
            return run
    return None


def run_import(run: RosterImport) -> RosterImport:
    """Import a claimed run's uploaded file. The import's own failure is its state, not raised."""
    path = RosterImport.uploads_dir() / run.upload_file
    try:
        _execute(run, path)
    except Interrupted:
        pass
    except SpreadsheetError as exc:
        _fail(run, Failure.FILE, str(exc))
    except Exception as exc:  # any crash of the import is undone and said, not raised
        logger.exception("roster import %s failed", run.pk)
        _fail(run, Failure.ERROR, f"{type(exc).__name__}: {exc}")
    finally:
        run.refresh_from_db()
        if not run.in_progress and run.upload_file:
            path.unlink(missing_ok=True)
            RosterImport.objects.filter(pk=run.pk).update(upload_file="")
            run.upload_file = ""
    return run


def import_roster(
    *,
    path: Path,
    compound_name: str,
    user: User | None = None,
    filename: str | None = None,
    batch_size: int | None = None,
) -> tuple[RosterImport, ImportSummary]:
    """Import a roster file now (the command line), in the worker's batches; all or nothing.

    A failure is undone and raised: SpreadsheetError (RosterError) when the file is at fault.
    """
    run = RosterImport.objects.create(
        compound_name=compound_name.strip(),
        filename=(filename or path.name)[:200],
        by=user,
        state=State.RUNNING,
        heartbeat_at=timezone.now(),
        rows_total=declared_rows(path, spreadsheet_limits()),
    )
    try:
        summary = _execute(run, path, batch_size)
    except BaseException as exc:  # Ctrl-C too: what was written is undone
        failure = Failure.FILE if isinstance(exc, SpreadsheetError) else Failure.ERROR
        _fail(run, failure, str(exc) or type(exc).__name__)
        raise
    return run, summary


def drain_imports() -> str:
    """The worker's queue: undo imports whose worker died, then run the next queued one."""
    lines = []
    if undone := undo_abandoned():
        lines.append(f"{undone} interrupted imports undone")
    run = claim_next()
    if run is not None:
        run = run_import(run)
        lines.append(f"import {run.pk} ({run.filename}): {run.state}")
    return "; ".join(lines)


def undo_abandoned(now: datetime | None = None) -> int:
    """Undo every import whose worker stopped beating (killed, or the machine went down)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.LINLI_IMPORT_LEASE_SECONDS)
    undone = 0
    abandoned = RosterImport.objects.filter(
        state__in=[State.RUNNING, State.UNDOING], heartbeat_at__lt=stale
    )
    for run in list(abandoned):
        taken = (
            RosterImport.objects.filter(pk=run.pk, state=run.state, heartbeat_at=run.heartbeat_at)
            .update(state=State.UNDOING, heartbeat_at=timezone.now())
        )  # fmt: skip
        if not taken:
            continue  # another worker took it
        if not run.failure:
            RosterImport.objects.filter(pk=run.pk).update(failure=Failure.STOPPED)
        run.state = State.UNDOING
        try:
            undo(run)
        except Interrupted:
            continue
        (RosterImport.uploads_dir() / run.upload_file).unlink(missing_ok=True)
        RosterImport.objects.filter(pk=run.pk).update(upload_file="")
        undone += 1
    return undone


# --- running -------------------------------------------------------------------------------


def _beat(run: RosterImport, **fields: Any) -> None:
    """Record progress, proving this worker still holds the import; raise if it does not."""
    updated = RosterImport.objects.filter(pk=run.pk, state=run.state).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not updated:
        raise Interrupted(run.pk)


def _execute(run: RosterImport, path: Path, batch_size: int | None = None) -> ImportSummary:
    batch_size = batch_size or settings.LINLI_IMPORT_BATCH_ROWS
    header, rows = read_roster(path, spreadsheet_limits())
    summary = ImportSummary()
    with transaction.atomic():
        compound, created = Compound.objects.get_or_create(name=run.compound_name)
        if created:
            ImportUndo.objects.create(run=run, kind=ImportUndo.Kind.COMPOUND, object_id=compound.pk)
        run.compound = compound
        _beat(run, compound=compound)
    importer = BatchWriter(compound, summary, run)
    while True:
        # Reading and checking the rows takes most of the time, outside any transaction.
        chunk = list(islice(rows, batch_size))
        if not chunk:
            break
        good = []
        for row in chunk:
            summary.warning_list.extend(row.warnings)
            if row.rejected:
                summary.rejected.append(row)
            else:
                good.append(row)
        summary.rows_read += len(chunk)
        with transaction.atomic():
            if good:
                importer.batch(good)
            _beat(run, rows_done=summary.rows_read)
    summary.rows_rejected = len(summary.rejected)
    summary.warnings = len(summary.warning_list)
    summary.households_updated = len(importer.updated_households)
    summary.residents_updated = len(importer.updated_residents)
    report = write_report(run.pk, report_workbook(header, summary))
    with transaction.atomic():
        _beat(
            run, state=State.DONE, summary=summary.as_dict(), report_file=report,
            finished_at=timezone.now(), rows_done=summary.rows_read,
        )  # fmt: skip
        run.state, run.summary, run.report_file = State.DONE, summary.as_dict(), report
        ImportUndo.objects.filter(run=run).delete()
        record(user=run.by, action=AuditEntry.Action.IMPORT, obj=run, detail=summary.as_dict())
    return summary


# --- undoing -------------------------------------------------------------------------------


def _fail(run: RosterImport, failure: str, error: str) -> None:
    """Mark the import failed with its reason, and undo what it wrote."""
    taken = RosterImport.objects.filter(pk=run.pk, state=State.RUNNING).update(
        state=State.UNDOING, failure=failure, error=error[:2000], heartbeat_at=timezone.now()
    )
    if not taken:
        return  # another worker is undoing it already
    run.state = State.UNDOING
    try:
        undo(run)
    except Interrupted:
        pass


def undo(run: RosterImport) -> None:
    """Put back what the import replaced and delete what it created, in batches.

    Each batch removes the undo rows it applied, so an undo that is itself interrupted is taken
    up again where it stopped.
    """
    size = settings.LINLI_IMPORT_BATCH_ROWS
    while _restore(run, ImportUndo.Kind.RESIDENT, size):
        pass
    while _restore(run, ImportUndo.Kind.HOUSEHOLD, size):
        pass
    for model in (Resident, Household):
        created = model.objects.filter(created_by_import=run)
        while True:
            with transaction.atomic():
                ids = list(created.values_list("pk", flat=True)[:size])
                if not ids:
                    break
                model.objects.filter(pk__in=ids).delete()
                _beat(run)
    kinds: list[tuple[str, type[models.Model]]] = [
        (ImportUndo.Kind.UNIT, Unit), (ImportUndo.Kind.ALIAS, BuildingAlias),
        (ImportUndo.Kind.BUILDING, Building), (ImportUndo.Kind.COMPOUND, Compound),
    ]  # fmt: skip
    for kind, made in kinds:
        while True:
            with transaction.atomic():
                undos = list(ImportUndo.objects.filter(run=run, kind=kind)[:size])
                if not undos:
                    break
                made._default_manager.filter(pk__in=[u.object_id for u in undos]).delete()
                ImportUndo.objects.filter(pk__in=[u.pk for u in undos]).delete()
                _beat(run)
    with transaction.atomic():
        ImportUndo.objects.filter(run=run).delete()
        _beat(run, state=State.FAILED, undone=True, finished_at=timezone.now())
        run.state, run.undone = State.FAILED, True


def _restore(run: RosterImport, kind: str, size: int) -> bool:
    """Put back one batch of replaced values; False when none are left."""
    with transaction.atomic():
        undos = list(ImportUndo.objects.filter(run=run, kind=kind)[:size])
        if not undos:
            return False
        if kind == ImportUndo.Kind.RESIDENT:
            residents = []
            for u in undos:
                values = dict(u.before or {})
                if values.get("birth_date"):
                    values["birth_date"] = date.fromisoformat(values["birth_date"])
                residents.append(Resident(pk=u.object_id, **values))
            Resident.objects.bulk_update(residents, RESIDENT_FIELDS)
        else:
            households = [Household(pk=u.object_id, **(u.before or {})) for u in undos]
            Household.objects.bulk_update(households, ["contact_phone"])
        ImportUndo.objects.filter(pk__in=[u.pk for u in undos]).delete()
        _beat(run)
    return True
