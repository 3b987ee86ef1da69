from typing import Any

from django.core.management.base import BaseCommand

from helpdesk.parser_learning import model_path, train_parser
from lib.message import parse_message
from lib.message_model import labelled_rows


class Command(BaseCommand):
    help = (
        "Retrain the message parser's classifier on the shipped labelled sets and every "
        "correction people made, store it under the var directory and use it from now on. "
        "Running processes load it when they next start."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        model = train_parser()
        if not options["verbosity"]:
            return
        rows = labelled_rows()
        right = sum(parse_message(row.text).category == row.category for row in rows)
        share = right / len(rows) if rows else 0.0
        self.stdout.write(
            f"parser trained on {model.trained_on['messages']} labelled messages and "
            f"{model.trained_on['corrections']} corrections ({len(model.features)} n-grams); "
            f"category right on the labelled sets: {share:.1%}; stored in {model_path()}"
        )
