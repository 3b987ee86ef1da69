import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lib.message import parse_message


class Command(BaseCommand):
    help = (
        "Read a resident's message: address, category and urgency as JSON. With --jsonl, one "
        "message per line on standard input and one JSON object per line out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="*")
        parser.add_argument("--jsonl", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["jsonl"]:
            for line in sys.stdin:
                line = line.rstrip("\n")
                self.stdout.write(json.dumps(parse_message(line).as_dict(), ensure_ascii=False))
            return
        if not options["text"]:
            raise CommandError("give the message text, or --jsonl with messages on standard input")
        result = parse_message(" ".join(options["text"]))
        self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
