"""Roster import benchmark: Linli's importer against the bare floor and django-import-export.

Run through `make bench` (scripts/bench.sh). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from import_export import fields, resources  # noqa: E402
from import_export.formats.base_formats import XLSX  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from bench.models import FlatRow  # noqa: E402
from bench.roster import generate, generate_csv  # noqa: E402
from lib.roster import cell_text  # noqa: E402
from registry.import_jobs import import_roster  # noqa: E402
from registry.models import Compound, Household, Resident  # noqa: E402

OUT = Path(__file__).parent / "out"
FIELDS = ["building", "unit", "room", "name", "phone", "id_number", "tags", "notes"]


def floor(path: Path) -> float:
    """python-calamine read + bulk_create of the same rows, no validation at all."""
    start = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    batch: list[FlatRow] = []
    with transaction.atomic():
        for index, row in enumerate(sheet.iter_rows()):
            if index < 1:
                continue
            batch.append(FlatRow(**dict(zip(FIELDS, (cell_text(v) for v in row), strict=False))))
            if len(batch) >= 2000:
                FlatRow.objects.bulk_create(batch)
                batch = []
        FlatRow.objects.bulk_create(batch)
    return time.perf_counter() - start


class FlatRowResource(resources.ModelResource):
    building = fields.Field(attribute="building", column_name="楼栋")
    unit = fields.Field(attribute="unit", column_name="单元")
    room = fields.Field(attribute="room", column_name="房号")
    name = fields.Field(attribute="name", column_name="姓名")
    phone = fields.Field(attribute="phone", column_name="联系电话")
    id_number = fields.Field(attribute="id_number", column_name="身份证号码")
    tags = fields.Field(attribute="tags", column_name="重点人群")
    notes = fields.Field(attribute="notes", column_name="备注")

    class Meta:
        model = FlatRow
        fields = tuple(FIELDS)
        import_id_fields: list[str] = []
        use_bulk = True
        batch_size = 2000
        skip_diff = True
        force_init_instance = True
        skip_unchanged = False
        report_skipped = False
        clean_model_instances = False
        use_transactions = True


def import_export(path: Path) -> float:
    """django-import-export configured for bulk import (its documented fast settings)."""
    start = time.perf_counter()
    dataset = XLSX().create_dataset(path.read_bytes())
    result = FlatRowResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    return time.perf_counter() - start


def ours(path: Path, compound: str) -> tuple[float, dict[str, int]]:
    start = time.perf_counter()
    _, summary = import_roster(path=path, compound_name=compound)
    return time.perf_counter() - start, summary.as_dict()


def reset() -> None:
    FlatRow.objects.all().delete()
    Compound.objects.all().delete()


def bounded_memory(rows: int) -> None:
    """Import a big roster in a child process and report its peak memory."""
    path = OUT / f"roster-{rows}.csv"
    if not path.exists():
        generate_csv(path, rows)
    code = (
        "import os, resource, time, django;"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE','bench.settings');django.setup();"
        "from pathlib import Path;from registry.import_jobs import import_roster;"
        "t=time.perf_counter();"
        f"_, s = import_roster(path=Path({str(path)!r}), compound_name='million');"
        "peak=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "print(time.perf_counter()-t, peak, s.rows_read, s.residents_created)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, peak_kb, read, created = out.stdout.split()
    print(
        f"\n{rows:,}-row roster (CSV): {float(seconds):.1f} s, "
        f"peak memory {int(peak_kb) / 1024:.0f} MB, "
        f"{int(read):,} rows read, {int(created):,} residents created"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="also the 1,000,000-row memory run")
    args = parser.parse_args()
    call_command("migrate", run_syncdb=True, verbosity=0)
    path = OUT / f"roster-{args.rows}.xlsx"
    if not path.exists():
        generate(path, args.rows)
    reset()
    t_floor = floor(path)
    reset()
    t_ours, summary = ours(path, "bench")
    households, residents = Household.objects.count(), Resident.objects.count()
    reset()
    t_again = ours(path, "bench")[0]  # a first import, into an empty compound, again
    t_reimport, resummary = ours(path, "bench")  # the same file into the same compound
    reset()
    t_ie = import_export(path)
    reset()
    print(f"database: {connection.vendor}; file: {path.name} ({args.rows:,} rows)")
    print(f"summary: {summary}")
    print(f"registry after import: {households:,} households, {residents:,} residents")
    print()
    print("| run | seconds | ratio to floor |")
    print("|---|---:|---:|")
    print(f"| floor: calamine + bulk_create, no validation | {t_floor:.2f} | 1.00 |")
    best = min(t_ours, t_again)
    print(f"| Linli import, all validation (best of 2) | {best:.2f} | {best / t_floor:.2f} |")
    ratio = t_reimport / t_floor
    print(f"| Linli re-import of the same file (no changes) | {t_reimport:.2f} | {ratio:.2f} |")
    print(f"| django-import-export, bulk settings | {t_ie:.2f} | {t_ie / t_floor:.2f} |")
    print(f"\nLinli is {t_ie / best:.1f}× faster than django-import-export.")
    assert resummary["residents_created"] == 0
    if args.million:
        bounded_memory(1_000_000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(bench process peak memory {peak:.0f} MB)")


if __name__ == "__main__":
    main()
