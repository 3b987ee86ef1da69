"""Accuracy of the message parser on the labelled set, per field, and its speed.

.venv/bin/python -m bench.message_eval [--errors] [--set lib/tests/data/messages_holdout3.tsv]

With --set, one held-out file is scored alone: each field, and the urgent messages missed and the
messages flagged urgent that are not.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from lib.message import parse_message

DATA = Path(__file__).resolve().parent.parent / "lib" / "tests" / "data"
SET = DATA / "messages.jsonl"
HOLDOUT = DATA / "messages_holdout.tsv"
FIELDS = ("street", "building", "unit", "room", "category", "urgent")


def load() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line]


def load_holdout(path: Path = HOLDOUT) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, urgent, street, building, unit, room, text = line.split("\t")
        rows.append({
            "text": text, "category": category, "urgent": urgent == "true",
            "street": street or None, "building": building or None,
            "unit": unit or None, "room": room or None,
        })  # fmt: skip
    return rows


def accuracy(rows: list[dict]) -> tuple[dict[str, float], list[tuple[dict, dict]]]:
    right = dict.fromkeys(FIELDS, 0)
    errors = []
    for row in rows:
        got = parse_message(row["text"]).as_dict()
        wrong = False
        for name in FIELDS:
            if got[name] == row[name]:
                right[name] += 1
            else:
                wrong = True
        if wrong:
            errors.append((row, got))
    return {name: right[name] / len(rows) for name in FIELDS}, errors


def urgent_counts(rows: list[dict]) -> tuple[int, int]:
    """(urgent messages read as not urgent, messages read as urgent that are not)."""
    missed = false_urgent = 0
    for row in rows:
        got = parse_message(row["text"]).urgent
        missed += row["urgent"] and not got
        false_urgent += got and not row["urgent"]
    return missed, false_urgent


def speed(rows: list[dict], seconds: float = 2.0) -> float:
    texts = [row["text"] for row in rows]
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for text in texts:
            parse_message(text)
        done += len(texts)
    return done / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--set", type=Path, help="score this one held-out .tsv file alone")
    args = parser.parse_args()
    if args.set:
        one = load_holdout(args.set)
        scores, errors = accuracy(one)
        missed, false_urgent = urgent_counts(one)
        print(f"| field | {args.set.name} ({len(one)}) |")
        print("|---|---:|")
        for name in FIELDS:
            print(f"| {name} | {scores[name]:.1%} |")
        address = sum(
            all(got[k] == row[k] for k in ("street", "building", "unit", "room"))
            for row, got in [(row, parse_message(row["text"]).as_dict()) for row in one]
        )
        print(f"\nwhole address right: {address / len(one):.1%}")
        print(f"urgent missed: {missed}; false urgent: {false_urgent}")
        if args.errors:
            for row, got in errors:
                diff = {k: (row[k], got[k]) for k in FIELDS if row[k] != got[k]}
                print(row["text"], diff)
        return
    rows = load()
    holdout = load_holdout() + load_holdout(DATA / "messages_holdout2.tsv")
    sets = [("labelled set", rows), ("held-out 1+2", holdout)] + [
        (f"held-out {n}", load_holdout(DATA / f"messages_holdout{n}.tsv")) for n in (3, 4, 5)
    ]
    results = [accuracy(one) for _, one in sets]
    print("| field | " + " | ".join(f"{name} ({len(one)})" for name, one in sets) + " |")
    print("|---|" + "---:|" * len(sets))
    for name in FIELDS:
        print(f"| {name} | " + " | ".join(f"{scores[name]:.1%}" for scores, _ in results) + " |")
    counts = [urgent_counts(one) for _, one in sets]
    print("| urgent missed | " + " | ".join(str(missed) for missed, _ in counts) + " |")
    print("| false urgent | " + " | ".join(str(false) for _, false in counts) + " |")
    low = [sum(parse_message(row["text"]).confidence == "low" for row in one) for _, one in sets]
    print("| confidence low | " + " | ".join(map(str, low)) + " |")
    print(f"\nspeed: {speed(rows):,.0f} messages/s on one core")
    if args.errors:
        for _, errors in results:
            for row, got in errors:
                diff = {k: (row[k], got[k]) for k in FIELDS if row[k] != got[k]}
                print(row["text"], diff)


if __name__ == "__main__":
    main()
