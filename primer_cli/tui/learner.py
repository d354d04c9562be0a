"""The learner's progress store as the app uses it: the same store, reads log and choices as `primer quiz`.

The app opens the store for one job (a quiz screen keeps it while it is
open) and takes in the reads `primer learn` logged, exactly as the quiz
commands do; nothing here decides anything the core does not already decide.
"""

from __future__ import annotations

import random
import time
from collections.abc import Collection

from primer_cli.paths import progress_path, reads_log_path
from primer_cli.quiz.pool import drawn, every_card, question_pool
from primer_cli.quiz.progress import Progress, Suggestion, measure, suggest
from primer_cli.quiz.reads import record_read
from primer_cli.quiz.schema import Question
from primer_cli.quiz.session import DEFAULT_COUNT, choose, choose_due
from primer_cli.quiz.shipped import bank
from primer_cli.quiz.store import ProgressStore, open_store
from primer_cli.topics.store import library

REVIEW_COUNT = 20  # as `primer review`


def open_progress() -> ProgressStore:
    """The store, with the reads logged since it was last opened taken in."""
    store = open_store(progress_path())
    store.take_in_reads(reads_log_path())
    return store


def mark_read(topic_id: str) -> None:
    """What `primer learn` does after showing a topic: one appended line, never SQLite."""
    record_read(reads_log_path(), topic_id)


def progress_now() -> tuple[Progress, Suggestion]:
    """`primer progress` and `primer next`, computed now."""
    with open_progress() as store:
        measured = measure(store, library(), every_card(bank()), now=time.time())
    return measured, suggest(measured)


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


def quiz_questions(
    store: ProgressStore, topics: Collection[str] | None, seed: int, count: int = DEFAULT_COUNT
) -> list[Question]:
    """The questions `primer quiz [TOPIC]` would ask with this seed: due and new ones mixed."""
    pool = question_pool(bank(), topics=topics)
    return drawn(choose(pool, store, count=count, seed=seed, now=time.time()), seed)


def due_questions(store: ProgressStore, seed: int) -> list[Question]:
    """The cards `primer review` would ask: due ones, most overdue first."""
    pool = question_pool(bank())
    return drawn(choose_due(pool, store, count=REVIEW_COUNT, now=time.time()), seed)


def next_due(store: ProgressStore) -> float | None:
    return store.next_due(among={card.id for card in question_pool(bank())})
