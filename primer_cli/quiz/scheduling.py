"""Spaced repetition with FSRS: how an answer becomes a rating, and a rating a next due date.

The `fsrs` package (the reference implementation of the Free Spaced
Repetition Scheduler) does the scheduling; this module maps primer's answers
to its ratings and keeps each card's memory state in plain fields the store
can save. `fsrs` is imported only when a card is scheduled or its recall
estimated (about 35 ms here), never to show the first question.

Ratings, as the README explains them:
- a wrong answer (or one that could not be read) is Again;
- a right answer given after asking for the hint, or after a long think, is Hard;
- any other right answer is Good. Easy is left to flashcards, where the
  learner rates themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

# A right answer that took longer than this was recalled with effort.
SLOW_ANSWER_SECONDS = 45.0


class Rating(IntEnum):
    """FSRS's four grades, numbered as FSRS and Anki number them."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class CardStage(IntEnum):
    """FSRS's learning stages, numbered as FSRS numbers them."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class CardState:
    """A card's memory state between reviews; times are Unix seconds (UTC)."""

    stage: CardStage
    step: int | None
    stability: float | None
    difficulty: float | None
    due: float
    last_review: float | None


def rating_for(*, correct: bool, used_hint: bool, seconds: float | None) -> Rating:
    """The FSRS rating an answer earns (see the module docstring)."""
    if not correct:
        return Rating.AGAIN
    if used_hint or (seconds is not None and seconds > SLOW_ANSWER_SECONDS):
        return Rating.HARD
    return Rating.GOOD


def schedule(previous: CardState | None, rating: Rating, now: float) -> CardState:
    """The card's state after being rated `rating` at `now`; `previous` None means a new card."""
    from fsrs import Rating as FsrsRating

    card, _ = _scheduler().review_card(_to_fsrs(previous, now), FsrsRating(int(rating)), _at(now))
    return _from_fsrs(card)


def recall_probability(state: CardState | None, now: float) -> float:
    """FSRS's estimate that the learner would answer this card right at `now` (0 if never seen).

    FSRS's forgetting curve, R = (1 + F·t/S)^D, with the scheduler's own decay
    D and F, but with the elapsed time t in fractional days: the package counts
    whole days, which makes every card 100% recallable on the day it was
    answered, however that answer went.
    """
    if state is None or state.last_review is None or not state.stability:
        return 0.0
    decay = -_scheduler().parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    elapsed_days = max(0.0, now - state.last_review) / 86_400
    return float((1 + factor * elapsed_days / state.stability) ** decay)


@cache
def _scheduler() -> Scheduler:
    from fsrs import Scheduler

    # No fuzz: the same answers at the same times give the same schedule, so a
    # session replayed with --seed, and the tests, are reproducible.
    return Scheduler(enable_fuzzing=False)


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _to_fsrs(state: CardState | None, now: float) -> Card:
    from fsrs import Card, State

    if state is None:
        # A card id avoids fsrs's default, which sleeps 1 ms to make ids unique.
        return Card(card_id=1, due=_at(now))
    return Card(
        card_id=1,
        state=State(int(state.stage)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_at(state.due),
        last_review=None if state.last_review is None else _at(state.last_review),
    )


def _from_fsrs(card: Card) -> CardState:
    return CardState(
        stage=CardStage(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due.timestamp(),
        last_review=None if card.last_review is None else card.last_review.timestamp(),
    )
