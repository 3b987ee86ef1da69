"""The message parser learns from the community's corrections.

When a volunteer or a leader changes the category or the urgency the parser read in a message
(chat confirm, triage), `record_parser_correction` keeps the pair. `train_parser` retrains the
parser's classifier on the labelled sets shipped in lib/tests/data plus every correction, stores
the model as JSON under VAR_DIR and puts it in use in this process; `linli train-parser` runs it,
and `linli serve` runs it at start-up. Every process loads the stored model when Django starts
(`HelpdeskConfig.ready`), and lib.message falls back to the base model, trained on the shipped
sets alone, when none is stored. The rules for urgency stay whatever the model says: a
correction can make a message urgent, never less urgent than the rules read it.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from helpdesk.intake import urgency_of
from helpdesk.models import Category, ParserCorrection, Urgency
from lib import message
from lib.message import CATEGORIES, ParsedMessage, parse_message
from lib.message_model import CORRECTION_WEIGHT, Model, Row, labelled_rows, train

log = logging.getLogger(__name__)
URGENT = (Urgency.LIFE, Urgency.URGENT)
MAX_TEXT = 10_000  # what the parse endpoint accepts


def model_path() -> Path:
    return Path(settings.VAR_DIR) / "parser_model.json"


def record_parser_correction(
    *,
    text: str,
    parsed: ParsedMessage | None,
    chosen_category: str,
    chosen_urgency: str,
    by: User | None,
) -> ParserCorrection | None:
    """Keep what a person chose where the parser read otherwise; None if there is nothing to learn.

    Call it wherever a person confirms or changes the category or urgency of a message the parser
    read (the chat confirm for each draft created, triage when a request's category or urgency is
    changed), inside the caller's transaction:

    - `text`: the message as the resident wrote it (the request's text, the draft's text).
    - `parsed`: what the parser read, `lib.message.parse_message(text)` (the draft's `parsed`);
      None to have it parsed here (triage, where the parse was not kept).
    - `chosen_category`: a `Category` value; `chosen_urgency`: an `Urgency` value (life, urgent,
      normal, low) — what the person chose.
    - `by`: the person (None for a command or a test).

    Nothing is written when the person chose what the parser read: the same category, and urgent
    (life or urgent) exactly when the parser said urgent; a change between life and urgent, or
    between normal and low, is not the parser's to learn. Otherwise one row is written and, once
    the caller's transaction commits, this process's parser remembers the correction (the same
    message, or one nearly the same, now parses as chosen); other processes learn it at the next
    `linli train-parser` or start-up. Raises ValueError for an unknown category or urgency.
    """
    if chosen_category not in Category.values:
        raise ValueError(f"unknown category {chosen_category!r}")
    if chosen_urgency not in Urgency.values:
        raise ValueError(f"unknown urgency {chosen_urgency!r}")
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        return None
    if parsed is None:
        parsed = parse_message(text)
    urgent = chosen_urgency in URGENT
    if chosen_category == parsed.category and urgent == parsed.urgent:
        return None
    correction = ParserCorrection.objects.create(
        text=text,
        category=chosen_category,
        urgency=chosen_urgency,
        parsed_category=parsed.category,
        parsed_urgency=urgency_of(parsed),
        by=by,
    )
    model = message.current_model()
    if model is not None:
        # After the commit: a correction rolled back with the caller's change is not learnt.
        transaction.on_commit(lambda: model.remember(text, chosen_category, urgent))
    return correction


def correction_rows() -> list[Row]:
    return [
        Row(c.text, c.category, c.urgency in URGENT, CORRECTION_WEIGHT, True)
        for c in ParserCorrection.objects.order_by("at", "pk")
    ]


def train_parser(path: Path | None = None) -> Model:
    """Train on the shipped sets and every correction, store the model and use it here."""
    model = train([*labelled_rows(), *correction_rows()], CATEGORIES)
    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the old one and renamed over it, so a process starting meanwhile reads one
    # whole model or the other.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".parser_model.", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(model.to_json())
    os.chmod(tmp, 0o644)  # mkstemp makes it private; the server may run as another user
    os.replace(tmp, path)
    message.use_model(model)
    return model


def load_stored_model(path: Path | None = None) -> Model | None:
    """Use the stored model if there is one; a damaged or outdated file is logged and skipped."""
    path = path or model_path()
    if not path.exists():
        return None
    try:
        model = Model.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("parser model %s not loaded (%s): using the base model", path, error)
        return None
    message.use_model(model)
    return model
