import os
import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from outbox.actions import send_due
from outbox.jobs import drain_queues, run_jobs


class Command(BaseCommand):
    help = (
        "Send what waits in the outbox (webhooks, later WeCom and SMS), run the timed jobs "
        "(care plans) and the queued work (roster imports). Each message and each import is "
        "claimed before it is taken, so several workers may run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass, then stop")
        parser.add_argument("--poll", type=float, default=2.0, help="seconds between passes")
        parser.add_argument(
            "--jobs-every", type=int, default=300, help="seconds between runs of the timed jobs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            for line in [*run_jobs(), *drain_queues()]:
                self.stdout.write(line)
            if sent := send_due():
                self.stdout.write(f"outbox: {sent} sent")
            return
        # Long work (an import of minutes) in its own thread: messages keep going out.
        threading.Thread(target=self.drain, args=(options["poll"],), daemon=True).start()
        parent = os.getppid()
        last_jobs = 0.0
        while True:
            if time.monotonic() - last_jobs >= options["jobs_every"]:
                for line in run_jobs():
                    self.stdout.write(line)
                last_jobs = time.monotonic()
            sent = send_due()
            if sent:
                self.stdout.write(f"outbox: {sent} sent")
            time.sleep(options["poll"])
            if os.getppid() != parent:
                return  # the server that started this worker has stopped

    def drain(self, poll: float) -> None:
        while True:
            lines = drain_queues()
            for line in lines:
                self.stdout.write(line)
            if not lines:
                connections.close_all()  # this thread's own connection, between pieces of work
                time.sleep(poll / 2)
