"""A quiz or review session: which questions to ask, and what happened to each answer.

Faces (the terminal prompts, the plain stdin twin, the TUI) all drive the
same `Session`: show `session.questions[i]`, hand the typed answer to
`session.answer`, which grades it, rates it for FSRS and commits it to the
store before returning. Nothing here prints or prompts.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from primer_cli.quiz.grading import Grade, grade
from primer_cli.quiz.pool import Card
from primer_cli.quiz.presenting import Presented, present
from primer_cli.quiz.scheduling import CardState, Rating, rating_for, schedule
from primer_cli.quiz.schema import Question
from primer_cli.quiz.store import AnswerRecord, ProgressStore

DEFAULT_COUNT = 10


@dataclass(frozen=True)
class Outcome:
    """One answered question: the verdict, the rating it earned, and when it comes back."""

    presented: Presented
    grade: Grade
    rating: Rating
    state: CardState
    seconds: float | None
    used_hint: bool

    @property
    def question(self) -> Question:
        return self.presented.question


@dataclass(frozen=True)
class TopicScore:
    topic: str
    answered: int
    correct: int


@dataclass
class Session:
    """Questions to ask, in order, and the outcomes so far."""

    questions: list[Presented]
    store: ProgressStore
    mode: str  # 'quiz' or 'review'
    seed: int
    clock: Callable[[], float] = time.time
    outcomes: list[Outcome] = field(default_factory=list)

    def answer(
        self,
        presented: Presented,
        text: str,
        *,
        seconds: float | None = None,
        used_hint: bool = False,
    ) -> Outcome:
        """Grade `text`, commit it to the store, and return the outcome."""
        verdict = grade(presented, text)
        rating = rating_for(correct=verdict.correct, used_hint=used_hint, seconds=seconds)
        question = presented.question
        record = AnswerRecord(
            card_id=question.id,
            topic=question.topic,
            mode=self.mode,
            given=verdict.given,
            correct=verdict.correct,
            rating=rating,
            answered_at=self.clock(),
            seconds=seconds,
            used_hint=used_hint,
        )
        state = self.store.record_answer(record, schedule)
        outcome = Outcome(presented, verdict, rating, state, seconds, used_hint)
        self.outcomes.append(outcome)
        return outcome

    @property
    def score(self) -> int:
        return sum(o.grade.correct for o in self.outcomes)

    def by_topic(self) -> list[TopicScore]:
        """Scores per topic, in the order topics were first asked."""
        totals: dict[str, list[int]] = {}
        for outcome in self.outcomes:
            entry = totals.setdefault(outcome.question.topic, [0, 0])
            entry[0] += 1
            entry[1] += outcome.grade.correct
        return [TopicScore(topic, n, right) for topic, (n, right) in totals.items()]

    def missed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.grade.correct]


def choose(
    pool: Iterable[Card],
    store: ProgressStore,
    *,
    count: int,
    seed: int,
    now: float,
) -> list[Card]:
    """Up to `count` cards from `pool` for a quiz: due ones and new ones mixed.

    Due cards (most overdue first) take up to half the places and new cards
    (spread across topics) the rest; if either runs short the other fills in,
    then cards seen but not yet due, soonest first, so a small pool still gives
    a full quiz. The chosen questions are asked in a shuffled order.
    """
    by_id = {q.id: q for q in pool}
    states = store.card_states()
    due = store.due(now, among=by_id, limit=count)
    new = _spread_by_topic([q for q in by_id.values() if q.id not in states], seed)
    half = (count + 1) // 2
    picked = due[:half] + [q.id for q in new[: count - min(len(due), half)]]
    for candidate in [*due[half:], *(q.id for q in new), *_soonest(states, by_id)]:
        if len(picked) >= count:
            break
        if candidate not in picked:
            picked.append(candidate)
    chosen = [by_id[card_id] for card_id in picked[:count]]
    random.Random(seed).shuffle(chosen)
    return chosen


def choose_due(pool: Iterable[Card], store: ProgressStore, *, count: int, now: float) -> list[Card]:
    """Due cards from `pool`, most overdue first (for `primer review`)."""
    by_id = {q.id: q for q in pool}
    return [by_id[card_id] for card_id in store.due(now, among=by_id, limit=count)]


def presented_all(questions: Iterable[Question], seed: int) -> list[Presented]:
    return [present(question, seed) for question in questions]


def _spread_by_topic(questions: list[Card], seed: int) -> list[Card]:
    """Shuffle, then deal one question per topic in turn, so a quiz is not one topic's questions."""
    rng = random.Random(seed)
    rng.shuffle(questions)
    queues: dict[str, list[Card]] = {}
    for question in questions:
        queues.setdefault(question.topic, []).append(question)
    dealt: list[Card] = []
    while queues:
        for topic in list(queues):
            dealt.append(queues[topic].pop(0))
            if not queues[topic]:
                del queues[topic]
    return dealt


def _soonest(states: dict[str, CardState], among: Collection[str]) -> list[str]:
    return sorted((card_id for card_id in states if card_id in among), key=lambda c: states[c].due)
