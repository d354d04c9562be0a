"""The question bank as commands see it: checked once, then served from the disk cache.

Parsing and checking every question file costs about as much as the topics
do, which would put `primer quiz` over its start-up budget; the checked bank
is cached like the topic library (`primer_cli/diskcache.py`), keyed by the
question files and the topic ids they were checked against.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

from primer_cli import __version__
from primer_cli.diskcache import cached, fingerprint
from primer_cli.errors import PrimerError
from primer_cli.estimate.quantity import Kind as QuantityKind
from primer_cli.paths import cache_dir, quizzes_dir
from primer_cli.quiz.bank import Bank
from primer_cli.quiz.schema import NumericAnswer, Option, Question, QuestionKind, Tolerance
from primer_cli.topics.store import library

_LAYOUT = 1  # bump when the packed layout below changes


@cache
def bank() -> Bank:
    """The shipped (or `PRIMER_QUIZZES`) question bank, checked against the topic library."""
    directory = quizzes_dir()
    if not directory.is_dir():
        raise PrimerError(
            f"No question files found: {directory} is not a folder.",
            hint="Is primer installed completely? PRIMER_QUIZZES, if set, must name a folder.",
        )
    topic_order = {topic.id: topic.order for topic in library()}

    def build() -> Bank:
        from primer_cli.quiz.bank import load_bank

        return load_bank(directory, topic_order)

    key = fingerprint(
        directory, "quizzes", __version__, str(_LAYOUT), repr(sorted(topic_order.items()))
    )
    root = None if os.environ.get("PRIMER_NO_CACHE") else cache_dir()
    return cached(root, "quizzes", key, build, _pack_bank, _unpack_bank)


def _pack_bank(loaded: Bank) -> tuple[Any, ...]:
    return tuple(_pack(question) for question in loaded)


def _unpack_bank(packed: tuple[Any, ...]) -> Bank:
    return Bank(tuple(_unpack(row) for row in packed))


def _pack(q: Question) -> tuple[Any, ...]:
    numeric = q.numeric
    return (
        q.id, q.topic, q.kind.value, q.prompt, q.explanation, q.hint, q.situation,
        tuple((o.text, o.correct, o.feedback) for o in q.options),
        q.truth,
        None if numeric is None else (numeric.text, numeric.value, numeric.kind.value, numeric.unit, numeric.unit_factor),
        None if q.tolerance is None else (q.tolerance.mode, q.tolerance.amount),
        q.items,
    )  # fmt: skip


def _unpack(row: tuple[Any, ...]) -> Question:
    (question_id, topic, kind, prompt, explanation, hint, situation,
     options, truth, numeric, tolerance, items) = row  # fmt: skip
    return Question(
        id=question_id, topic=topic, kind=QuestionKind(kind), prompt=prompt,
        explanation=explanation, hint=hint, situation=situation,
        options=tuple(Option(*o) for o in options), truth=truth,
        numeric=None if numeric is None else NumericAnswer(
            numeric[0], numeric[1], QuantityKind(numeric[2]), numeric[3], numeric[4]
        ),
        tolerance=None if tolerance is None else Tolerance(*tolerance),
        items=items,
    )  # fmt: skip
