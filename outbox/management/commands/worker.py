import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from outbox.actions import send_due
from outbox.jobs import run_jobs


class Command(BaseCommand):
    help = (
        "Send what waits in the outbox (webhooks, later WeCom and SMS) and run the timed jobs "
        "(care plans). Each message is claimed before sending, so several workers may run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--poll", type=float, default=2.0, help="seconds between passes")
        parser.add_argument(
            "--jobs-every", type=int, default=300, help="seconds between runs of the timed jobs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        parent = os.getppid()
        last_jobs = 0.0
        while True:
            if time.monotonic() - last_jobs >= options["jobs_every"] or options["once"]:
                for line in run_jobs():
                    self.stdout.write(line)
                last_jobs = time.monotonic()
            sent = send_due()
            if sent:
                self.stdout.write(f"outbox: {sent} sent")
            if options["once"]:
                return
            time.sleep(options["poll"])
            if os.getppid() != parent:
                return  # the server that started this worker has stopped
