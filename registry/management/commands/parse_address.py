import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lib.address import parse_address


class Command(BaseCommand):
    help = "Parse an address as people write it; print street, building, unit and room as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        address = parse_address(" ".join(options["text"]))
        self.stdout.write(json.dumps(address.as_dict(), ensure_ascii=False))
