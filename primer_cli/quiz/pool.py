"""The questions a session may draw from: the bank and the generated templates, filtered."""

from __future__ import annotations

from collections.abc import Collection
from itertools import chain

from primer_cli.quiz.bank import Bank
from primer_cli.quiz.generated import TEMPLATES, Template
from primer_cli.quiz.schema import Question, QuestionKind


def question_pool(
    bank: Bank,
    *,
    seed: int,
    topics: Collection[str] | None = None,
    kinds: Collection[QuestionKind] | None = None,
) -> list[Question]:
    """Bank questions and this session's generated questions on `topics`, of `kinds`."""
    generated = (t.make(seed) for t in TEMPLATES if topics is None or t.topic in topics)
    bank_questions = (q for q in bank if topics is None or q.topic in topics)
    return [q for q in chain(bank_questions, generated) if kinds is None or q.kind in kinds]


def every_card(bank: Bank) -> list[Question | Template]:
    """Every card the store may hold, bank and generated, for progress and `primer next`."""
    return [*bank, *TEMPLATES]
