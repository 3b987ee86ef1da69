import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from accounts.models import User
from registry.demo import DEMO_GATE, DEMO_LOGINS, DEMO_PASSWORD, demo_household
from registry.models import Household


class Command(BaseCommand):
    help = "Migrate, load the demo on an empty database, and serve Linli with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("LINLI_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("LINLI_WORKERS", "3"))
        )
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("train_parser", verbosity=0)  # with the corrections made since last time
        if not options["no_demo"] and not Household.objects.exists():
            self.stdout.write("empty database: loading the demo compound …")
            call_command("demo")
        bind = options["bind"]
        self.stdout.write(banner(bind))
        connections.close_all()
        sys.stdout.flush()
        # The outbox worker (and the care plans, one of its jobs) runs beside the server;
        # Ctrl-C reaches both (same process group).
        subprocess.Popen([sys.executable, "-m", "linli.cli", "worker"])
        command = gunicorn_command(bind=bind, workers=options["workers"])
        os.execvp(command[0], command)


def gunicorn_command(*, bind: str, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "linli.wsgi:application",
        "--bind", bind,
        "--workers", str(workers),
        "--threads", "4",
        "--access-logfile", "-",
        # Household links carry their token in the path: log them without it.
        "--logger-class", "linli.access_log.AccessLogger",
        "--graceful-timeout", "5",
        # A large roster upload is imported by the worker, not within its request.
        "--timeout", "300",
    ]  # fmt: skip


def banner(bind: str) -> str:
    lines = ["", f"Linli 邻里 is running on http://{bind}/  (Ctrl-C stops it)", ""]
    demo = {u.phone: u for u in User.objects.filter(phone__in=[p for p, _, _ in DEMO_LOGINS])}
    if demo:
        lines.append(f"Demo logins (password {DEMO_PASSWORD}):")
        for phone, _name, role in DEMO_LOGINS:
            if phone in demo:
                post = "，门岗" if phone == DEMO_GATE else ""
                lines.append(f"  {phone}  {demo[phone].name}  ({role.label}{post})")
        household = demo_household()
        if household:
            lines.append("")
            lines.append(
                f"A resident household link ({household.address}): "
                f"http://{bind}/h/{household.access_token}/"
            )
    lines.append("")
    return "\n".join(lines)
