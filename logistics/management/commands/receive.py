import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lib.spreadsheet import SpreadsheetError
from logistics import actions
from logistics.consignments import rows_from_file
from logistics.models import Kind
from registry.models import Compound


class Command(BaseCommand):
    help = "Receive a consignment list (xlsx, xls, ods or csv) at a compound's gate as one batch."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--compound", required=True, help="the compound's name")
        parser.add_argument("--kind", default=Kind.BULK, choices=Kind.values)
        parser.add_argument("--reference", default="", help="the consignment's own reference")
        parser.add_argument("--from", dest="source_name", default="", help="who sent it")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):  # the report and messages, as on the page
            self._receive(options)

    def _receive(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        compound = Compound.objects.filter(name=options["compound"]).first()
        if compound is None:
            raise CommandError(f"没有叫“{options['compound']}”的小区")
        try:
            header, rows = rows_from_file(path)
            result = actions.receive_batch(
                user=None, compound=compound, rows=rows, kind=options["kind"], header=header,
                source_name=options["source_name"], reference=options["reference"],
                file_name=path.name,
            )  # fmt: skip
        except SpreadsheetError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        batch = result.batch
        summary: dict[str, Any] = {
            **batch.summary(), "batch": batch.pk, "created": result.created,
        }  # fmt: skip
        if not result.created:
            # The same list again: nothing new was made this time.
            summary.update(items_created=0, items_unaddressed=0)
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for key, value in summary.items():
            self.stdout.write(f"{key:20} {value}")
