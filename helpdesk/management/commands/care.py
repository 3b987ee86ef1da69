import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from helpdesk.care import missed_check_ins, run_plans


class Command(BaseCommand):
    help = (
        "Make the requests that care plans call for (trips, refills), open today's check-in "
        "calls, and raise calls still not made by midday. Safe to run as often as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", type=int, default=0, help="run every N seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        parent = os.getppid()
        while True:
            made, missed = run_plans(), missed_check_ins()
            if made or missed or not options["loop"]:
                self.stdout.write(f"care: {made} made, {missed} missed check-ins raised")
            if not options["loop"]:
                return
            for _ in range(options["loop"]):
                time.sleep(1)
                if os.getppid() != parent:
                    return  # the server that started this loop has stopped
