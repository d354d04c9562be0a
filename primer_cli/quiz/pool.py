"""The cards a session may draw from: bank questions and generated templates, filtered.

Selection works on cards (anything with an id, a topic and a kind); only the
chosen templates are drawn into questions, so a quiz that asks no generated
question never loads the estimate engine.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import chain

from primer_cli.quiz.bank import Bank
from primer_cli.quiz.schema import Question, QuestionKind
from primer_cli.quiz.templates import TEMPLATES, Template

Card = Question | Template


def question_pool(
    bank: Bank,
    *,
    topics: Collection[str] | None = None,
    kinds: Collection[QuestionKind] | None = None,
) -> list[Card]:
    """Bank questions and generated templates on `topics`, of `kinds` (None: all)."""
    cards: Iterable[Card] = chain(bank, TEMPLATES)
    return [
        card
        for card in cards
        if (topics is None or card.topic in topics) and (kinds is None or card.kind in kinds)
    ]


def drawn(cards: Iterable[Card], seed: int) -> list[Question]:
    """The questions to ask: bank questions as they are, templates drawn for this session."""
    return [card if isinstance(card, Question) else card.make(seed) for card in cards]


def every_card(bank: Bank) -> list[Card]:
    """Every card the store may hold, bank and generated, for progress and `primer next`."""
    return [*bank, *TEMPLATES]
