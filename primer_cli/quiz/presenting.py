"""How a question is shown: its choices in a shuffled order, each behind a letter.

Options and ordering items are shuffled so a learner remembers the answer,
not its position. The shuffle is a pure function of the question id and the
session seed, so `--seed` reproduces a session exactly and a script can
answer by letter. An ordering question is never shown already in order.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

from primer_cli.quiz.schema import Question, QuestionKind

LETTERS = string.ascii_lowercase
TRUE_FALSE = ("True", "False")


@dataclass(frozen=True)
class Presented:
    """A question as asked: `order[i]` is the index (in the file) of the choice shown as letter i."""

    question: Question
    order: tuple[int, ...]

    @property
    def choices(self) -> tuple[str, ...]:
        """The texts behind a, b, c... in the order shown (empty for numeric questions)."""
        kind = self.question.kind
        if kind is QuestionKind.TRUE_FALSE:
            return TRUE_FALSE
        if kind is QuestionKind.ORDERING:
            return tuple(self.question.items[i] for i in self.order)
        return tuple(self.question.options[i].text for i in self.order)

    def letter_of(self, index: int) -> str:
        """The letter shown for the choice at `index` in the file."""
        return LETTERS[self.order.index(index)]

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.choices)]


def present(question: Question, seed: int) -> Presented:
    """Shuffle `question`'s choices for this session; true/false stays True, False."""
    kind = question.kind
    if kind is QuestionKind.TRUE_FALSE:
        return Presented(question, (0, 1))
    count = len(question.items) if kind is QuestionKind.ORDERING else len(question.options)
    order = list(range(count))
    rng = random.Random(f"{seed}:{question.id}")
    rng.shuffle(order)
    if kind is QuestionKind.ORDERING and order == sorted(order) and count > 1:
        order = order[1:] + order[:1]  # shown in order would give the answer away
    return Presented(question, tuple(order))
