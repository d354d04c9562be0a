"""What the store says about a learner: mastery, streak, what is due, and what to do next.

Mastery of a topic is the average, over every card of that topic (its bank
questions and generated templates), of FSRS's estimate that the learner would
answer it right today; a card never answered counts 0. It therefore rises as
questions are answered right and decays as time passes without review, which
is what "how well do I know this now" means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from primer_cli.quiz.scheduling import Rating, recall_probability
from primer_cli.quiz.store import ProgressStore
from primer_cli.topics.library import Library

WEAKEST_COUNT = 3


class Tracked(Protocol):
    """Anything the store schedules: a bank question, a generated template, a flashcard."""

    @property
    def id(self) -> str: ...

    @property
    def topic(self) -> str: ...


@dataclass(frozen=True)
class TopicProgress:
    id: str
    title: str
    category: str
    read: bool
    cards: int
    answered: int
    correct: int
    mastery: float  # 0..1

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None


@dataclass(frozen=True)
class CategoryProgress:
    name: str
    topics: int
    read: int
    mastery: float


@dataclass(frozen=True)
class Progress:
    database: Path
    answered: int
    correct: int
    due_now: int
    due_today: int
    next_due: float | None
    streak_days: int
    topics: tuple[TopicProgress, ...]
    categories: tuple[CategoryProgress, ...]
    weakest: tuple[TopicProgress, ...]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def topics_read(self) -> int:
        return sum(t.read for t in self.topics)


@dataclass(frozen=True)
class Suggestion:
    """The one thing to do now: why, and the command that does it."""

    reason: str
    command: str


def measure(
    store: ProgressStore, library: Library, cards: Iterable[Tracked], *, now: float
) -> Progress:
    """Everything `primer progress` shows, computed from the store at `now`."""
    by_topic: dict[str, list[str]] = {}
    for card in cards:
        by_topic.setdefault(card.topic, []).append(card.id)
    all_cards = {card_id for ids in by_topic.values() for card_id in ids}
    states = store.card_states(among=all_cards)
    last = store.last_ratings(among=all_cards)

    def known(card_id: str) -> float:
        """A card counts only while its last answer was right, fading as FSRS predicts."""
        rating = last.get(card_id)
        if rating is None or rating is Rating.AGAIN:
            return 0.0
        return recall_probability(states.get(card_id), now)

    totals = store.totals_by_topic()
    read = store.topics_read()
    topics = tuple(
        TopicProgress(
            id=topic.id,
            title=topic.title,
            category=topic.category,
            read=topic.id in read,
            cards=len(by_topic.get(topic.id, [])),
            answered=totals.get(topic.id, (0, 0))[0],
            correct=totals.get(topic.id, (0, 0))[1],
            mastery=_mean(known(c) for c in by_topic.get(topic.id, [])),
        )
        for topic in library
    )
    answered = sum(t.answered for t in topics)
    return Progress(
        database=store.path,
        answered=answered,
        correct=sum(t.correct for t in topics),
        due_now=store.count_due(now, among=all_cards),
        due_today=store.count_due(_end_of_day(now), among=all_cards),
        next_due=store.next_due(among=all_cards),
        streak_days=streak(store, now),
        topics=topics,
        categories=_categories(topics),
        weakest=_weakest(topics),
    )


def suggest(progress: Progress) -> Suggestion:
    """Due reviews first, then the next unread topic in reading order, then the weakest topic."""
    if progress.due_now:
        noun = "review" if progress.due_now == 1 else "reviews"
        return Suggestion(f"{progress.due_now} {noun} due now", "primer review")
    unread = next((t for t in progress.topics if not t.read), None)
    if unread is not None:
        return Suggestion(
            f"Read the next topic in order: {unread.title}", f"primer learn {unread.id}"
        )
    if progress.weakest:
        weakest = progress.weakest[0]
        return Suggestion(
            f"Strengthen your weakest topic: {weakest.title} ({weakest.mastery:.0%} mastered)",
            f"primer quiz {weakest.id}",
        )
    first = min(progress.topics, key=lambda t: t.mastery)
    return Suggestion(f"Test yourself on {first.title}", f"primer quiz {first.id}")


def streak(store: ProgressStore, now: float) -> int:
    """Consecutive local days with at least one answer, ending today (or yesterday, still alive).

    One indexed lookup per day walked back, so a long history costs nothing.
    """
    day = dt.datetime.fromtimestamp(now).date()
    if not store.answered_between(*_day_bounds(day)):
        day -= dt.timedelta(days=1)
    count = 0
    while store.answered_between(*_day_bounds(day)):
        count += 1
        day -= dt.timedelta(days=1)
    return count


def _day_bounds(day: dt.date) -> tuple[float, float]:
    start = dt.datetime.combine(day, dt.time())
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    return start.timestamp(), end.timestamp()


def _end_of_day(now: float) -> float:
    return _day_bounds(dt.datetime.fromtimestamp(now).date())[1]


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def _categories(topics: tuple[TopicProgress, ...]) -> tuple[CategoryProgress, ...]:
    groups: dict[str, list[TopicProgress]] = {}
    for topic in topics:
        groups.setdefault(topic.category, []).append(topic)
    return tuple(
        CategoryProgress(
            name, len(members), sum(t.read for t in members), _mean(t.mastery for t in members)
        )
        for name, members in groups.items()
    )


def _weakest(topics: tuple[TopicProgress, ...]) -> tuple[TopicProgress, ...]:
    """The least-mastered topics among those answered at least once."""
    tried = [t for t in topics if t.answered]
    return tuple(sorted(tried, key=lambda t: (t.mastery, t.id))[:WEAKEST_COUNT])
