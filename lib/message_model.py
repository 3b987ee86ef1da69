"""A small classifier of messages by category, learnt from labelled messages and corrections.

Multinomial naive Bayes on the character bigrams and trigrams of a message, written by hand: a
few hundred labelled messages need no numerical library, and the same rows always give the same
model (no randomness, rows and n-grams are counted in order, the weights are rounded before they
are stored, ties go to the first category). `train(rows)` builds a `Model`; `Model.to_json()` and
`Model.from_json()` store and load it; `Model.predict(text)` gives the likeliest category and its
probability. lib.message combines it with the rules; the help desk retrains it with the
community's corrections (`linli train-parser`).

A message a person corrected is also remembered: the same message again, or one that shares most
of its n-grams (`NEAR`; the same words with another address, amount or a word changed), gets the
category the person chose, and is urgent if they made it urgent.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from lib.chinese import to_halfwidth, to_simplified

FORMAT = 1
ORDERS = (2, 3)
ALPHA = 0.5  # additive smoothing
NEAR = 0.6  # share of n-grams in common (of both together) for a message to be a corrected one
CORRECTION_WEIGHT = 3  # a person's correction counts as much as three labelled messages
TOP = 3  # each n-gram keeps the categories it speaks most for: as accurate, and faster to add up
MIN_COUNT = 2  # an n-gram seen once in the labelled sets is noise (a correction's are all kept)
# What does not say what a message needs: digits, latin letters, punctuation and the words of an
# address. They break a message into pieces; n-grams never span two pieces.
_BREAK = re.compile(r"[^\u4e00-\u9fff]+|[栋幢单元号楼室]")


class Row(NamedTuple):
    text: str
    category: str
    urgent: bool = False
    weight: int = 1
    correction: bool = False


def normalise(text: str) -> str:
    return to_simplified(to_halfwidth(text or "")).lower()


def pieces(text: str) -> list[str]:
    """The stretches of Chinese text a message is read by, address and punctuation removed."""
    return [piece for piece in _BREAK.split(normalise(text)) if piece]


def memory_key(text: str) -> str:
    return "".join(pieces(text))


def _grams(text: str) -> list[str]:
    out: list[str] = []
    for piece in pieces(text):
        for n in ORDERS:
            out.extend(piece[i : i + n] for i in range(len(piece) - n + 1))
    return out


class Prediction(NamedTuple):
    category: str
    probability: float


@dataclass
class Model:
    categories: tuple[str, ...]
    prior: list[float]  # log P(category)
    unseen: list[float]  # log P(an n-gram | category) for an n-gram never seen in that category
    # For each n-gram, the categories it was seen in and how much more likely it is there than
    # unseen: log((count + ALPHA) / ALPHA). Sparse, so a prediction adds only what it finds.
    features: dict[str, list[tuple[int, float]]]
    memory: dict[str, tuple[str, bool]] = field(default_factory=dict)
    trained_on: dict[str, int] = field(default_factory=dict)
    _automaton: Any = field(default=None, repr=False, compare=False)
    _index: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)
    _sizes: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def predict(self, text: str) -> Prediction:
        """The likeliest category of a simplified, lower-cased message, and its probability."""
        automaton = self._build() if self._automaton is None else self._automaton
        scores = self.prior[:]
        found = 0
        if self.features:
            for _, weights in automaton.iter(text):
                found += 1
                for index, weight in weights:
                    scores[index] += weight
        if found:
            scores = [s + found * u for s, u in zip(scores, self.unseen, strict=True)]
        top = max(scores)
        best = scores.index(top)  # the first of equals: ties go to the first category
        return Prediction(self.categories[best], 1 / sum(map(math.exp, [s - top for s in scores])))

    def recall(self, text: str) -> tuple[str, bool] | None:
        """What a person chose for this message, or one nearly the same, if one corrected it."""
        if not self.memory:
            return None
        key = memory_key(text)
        if key in self.memory:
            return self.memory[key]
        index = self._build_index() if self._index is None else self._index
        grams = set(_grams(key))
        if not grams:
            return None
        shared: dict[str, int] = {}
        for gram in grams:
            for other in index.get(gram, ()):
                shared[other] = shared.get(other, 0) + 1
        best, score = None, NEAR
        for other, n in sorted(shared.items()):
            union = len(grams) + self._sizes[other] - n
            if n / union >= score:
                best, score = other, n / union
        return self.memory[best] if best is not None else None

    def remember(self, text: str, category: str, urgent: bool) -> None:
        """A correction made since training: remembered at once, learnt at the next training."""
        key = memory_key(text)
        if key:
            self.memory = {**self.memory, key: (category, urgent)}
            self._index = None

    def forget_to(self, memory: dict[str, tuple[str, bool]]) -> None:
        """Remember only these corrections again (tests undo what they recorded with it)."""
        self.memory = dict(memory)
        self._index = None

    def _build_index(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        sizes = {}
        for key in sorted(self.memory):
            grams = set(_grams(key))
            sizes[key] = len(grams)
            for gram in grams:
                index.setdefault(gram, []).append(key)
        self._index, self._sizes = index, sizes
        return index

    def _build(self) -> Any:
        automaton = ahocorasick.Automaton()
        for gram, weights in self.features.items():
            automaton.add_word(gram, tuple(weights))
        if self.features:
            automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "categories": list(self.categories),
                "prior": self.prior,
                "unseen": self.unseen,
                "features": self.features,
                "memory": self.memory,
                "trained_on": self.trained_on,
            },
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, data: str) -> Model:
        raw = json.loads(data)
        if raw.get("format") != FORMAT:
            raise ValueError(f"parser model format {raw.get('format')!r}, expected {FORMAT}")
        return cls(
            categories=tuple(raw["categories"]),
            prior=[float(x) for x in raw["prior"]],
            unseen=[float(x) for x in raw["unseen"]],
            features={g: [(int(i), float(w)) for i, w in ws] for g, ws in raw["features"].items()},
            memory={k: (v[0], bool(v[1])) for k, v in raw["memory"].items()},
            trained_on={k: int(v) for k, v in raw["trained_on"].items()},
        )


def train(rows: Iterable[Row], categories: tuple[str, ...]) -> Model:
    index = {c: i for i, c in enumerate(categories)}
    counts: dict[str, list[int]] = {}
    kept: set[str] = set()
    docs = [0] * len(categories)
    totals = [0] * len(categories)
    memory: dict[str, tuple[str, bool]] = {}
    seen = {"messages": 0, "corrections": 0}
    for row in rows:
        if row.category not in index:
            raise ValueError(f"unknown category {row.category!r}")
        c = index[row.category]
        seen["corrections" if row.correction else "messages"] += 1
        docs[c] += row.weight
        for gram in _grams(row.text):
            counts.setdefault(gram, [0] * len(categories))[c] += row.weight
            totals[c] += row.weight
            if row.correction:
                kept.add(gram)
        if row.correction:
            key = memory_key(row.text)
            if key:
                memory[key] = (row.category, row.urgent)  # the latest correction wins
    vocabulary = {g: n for g, n in counts.items() if g in kept or sum(n) >= MIN_COUNT}
    size = len(vocabulary)
    all_docs = sum(docs)

    def r(x: float) -> float:
        return round(x, 6)

    prior = [r(math.log((d + 1) / (all_docs + len(categories)))) for d in docs]
    unseen = [r(math.log(ALPHA / (t + ALPHA * size))) if size else 0.0 for t in totals]
    features = {
        gram: sorted(
            ((i, r(math.log((n + ALPHA) / ALPHA))) for i, n in enumerate(ns) if n),
            key=lambda pair: (-pair[1], pair[0]),
        )[:TOP]
        for gram, ns in sorted(vocabulary.items())
    }
    return Model(tuple(categories), prior, unseen, features, memory, seen)


# The labelled sets shipped with the parser, which the base model is trained on. The third
# held-out set (messages_holdout3.tsv) is kept out, so that its figures stay those of messages
# the model has never seen.
DATA = Path(__file__).resolve().parent / "tests" / "data"
TRAINING_SETS = (
    "messages.jsonl",
    "message_bodies.tsv",
    "messages_holdout.tsv",
    "messages_holdout2.tsv",
)


def labelled_rows(data: Path = DATA) -> list[Row]:
    """The shipped labelled messages, in file order; none if the data is not installed."""
    rows: list[Row] = []
    for name in TRAINING_SETS:
        path = data / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            if name.endswith(".jsonl"):
                item = json.loads(line)
                rows.append(Row(item["text"], item["category"], bool(item["urgent"])))
            else:
                fields = line.split("\t")
                rows.append(Row(fields[-1], fields[0], fields[1] == "true"))
    return rows
