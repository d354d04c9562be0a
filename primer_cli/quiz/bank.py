"""Load the question bank from YAML, checking every file against the schema and the topics.

Like the topic loader, problems are collected across every file and reported
together with file, field and line. Cross-file checks: a file is named after
its topic, its topic exists (else "did you mean"), and question ids are unique
across the whole bank, since the progress store is keyed on them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from primer_cli.checking import ContentError, Problem
from primer_cli.errors import PrimerError
from primer_cli.quiz.schema import Question, QuizFile, parse_quiz


@dataclass(frozen=True)
class Bank:
    """Every question, in the primer's topic order, then file order."""

    questions: tuple[Question, ...]
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def for_topics(self, topic_ids: Iterable[str]) -> tuple[Question, ...]:
        wanted = set(topic_ids)
        return tuple(q for q in self.questions if q.topic in wanted)

    def count_by_topic(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for question in self.questions:
            counts[question.topic] = counts.get(question.topic, 0) + 1
        return counts


def load_bank(directory: Path, topic_order: dict[str, int]) -> Bank:
    """Load and check every `*.yaml` under `directory`; `topic_order` maps each topic id to its order."""
    from primer_cli.yamlsource import (  # YAML only when parsing: a cached run skips it
        locate,
        read_yaml,
    )

    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise PrimerError(
            f"No question files found in {directory}.", hint="Is primer installed completely?"
        )
    quizzes: list[tuple[Path, str, QuizFile]] = []
    problems: list[Problem] = []
    for path in files:
        data, text, unreadable = read_yaml(path)
        if unreadable:
            problems.extend(unreadable)
            continue
        quiz, file_problems = parse_quiz(data)
        if quiz is not None:
            file_problems = _check_topic(quiz, path, topic_order)
            quizzes.append((path, text, quiz))
        problems.extend(locate(file_problems, text, path))
    problems.extend(_duplicate_ids(quizzes))
    if problems:
        raise ContentError(problems, what="question bank")
    ordered = sorted(quizzes, key=lambda entry: topic_order.get(entry[2].topic, 0))
    return Bank(tuple(q for _, _, quiz in ordered for q in quiz.questions))


def _check_topic(quiz: QuizFile, path: Path, topic_order: dict[str, int]) -> list[Problem]:
    if quiz.topic not in topic_order:
        close = difflib.get_close_matches(quiz.topic, sorted(topic_order), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return [Problem("topic", f"'{quiz.topic}' is not a topic{hint}")]
    if quiz.topic != path.stem:
        return [Problem("topic", f"'{quiz.topic}' must match the file name '{path.stem}'")]
    return []


def _duplicate_ids(quizzes: list[tuple[Path, str, QuizFile]]) -> list[Problem]:
    owner: dict[str, Path] = {}
    problems: list[Problem] = []
    for path, text, quiz in quizzes:
        for i, question in enumerate(quiz.questions):
            first = owner.setdefault(question.id, path)
            if first != path:
                clash = Problem(f"questions[{i}].id", f"'{question.id}' is already used in {first}")
                from primer_cli.yamlsource import locate

                problems.extend(locate([clash], text, path))
    return problems


MIN_QUESTIONS_PER_TOPIC = 5


def coverage_problems(bank: Bank, topic_ids: Iterable[str], directory: Path) -> list[Problem]:
    """Topics with fewer than MIN_QUESTIONS_PER_TOPIC questions: `primer check` fails on them."""
    counts = bank.count_by_topic()
    return [
        Problem(
            "",
            f"topic '{topic}' has {counts.get(topic, 0)} questions; every topic needs at least "
            f"{MIN_QUESTIONS_PER_TOPIC}",
            file=str(directory / f"{topic}.yaml"),
        )
        for topic in topic_ids
        if counts.get(topic, 0) < MIN_QUESTIONS_PER_TOPIC
    ]
