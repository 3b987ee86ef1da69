import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from groupbuy.imports import import_group_orders
from lib.spreadsheet import SpreadsheetError
from registry.models import Compound


class Command(BaseCommand):
    help = "Import a 快团团 or 群接龙 export (xlsx or csv) as a closed offer of a compound."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--compound", required=True, help="the compound's name")
        parser.add_argument("--title", default="", help="the offer's title (default: the file's)")
        parser.add_argument("--json", action="store_true", help="print exactly one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("zh-hans"):
            path: Path = options["file"]
            if not path.is_file():
                raise CommandError(f"找不到文件：{path}")
            compound = Compound.objects.filter(name=options["compound"]).first()
            if compound is None:
                raise CommandError(f"没有叫“{options['compound']}”的小区")
            try:
                result = import_group_orders(
                    compound=compound, path=path, user=None, title=options["title"]
                )
            except SpreadsheetError as exc:
                raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.app}：读取 {result.rows_read} 行，{result.orders} 单，"
            f"匹配 {result.households_matched} 户，{result.rows_unmatched} 行未匹配，"
            f"合计 ¥{result.amount_total}"
            + ("（此文件已导入过，未重复导入）" if result.repeated else "")
        )
        for line in result.unmatched:
            self.stdout.write(f"  {line}")
