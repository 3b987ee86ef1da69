import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib.roster import RosterError
from registry.import_jobs import import_roster


class Command(BaseCommand):
    help = (
        "Import a roster (xlsx, xls, ods or csv) into a compound, creating it if needed. It runs "
        "now, in the worker's batches (other writers get in between), and is undone if it fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--compound", required=True, help="the compound's name")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--report",
            type=Path,
            help="where to write the report workbook (rejected rows, warnings)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            run, summary = import_roster(path=path, compound_name=options["compound"])
        except RosterError as exc:
            raise CommandError(str(exc)) from exc
        report = options["report"] or path.with_name(path.stem + ".report.xlsx")
        try:
            report.write_bytes(run.report_bytes() or b"")
        except OSError:
            report = None
        if options["json"]:
            data: dict[str, Any] = summary.as_dict()
            data["report"] = str(report) if report else None
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for key, value in summary.as_dict().items():
            self.stdout.write(f"{key:20} {value}")
        if report:
            self.stdout.write(f"report: {report}")
        for row in summary.rejected[:20]:
            self.stdout.write(f"  row {row.number}: {row.rejected}")
