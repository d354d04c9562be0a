"""The shipped question bank: valid, covering every topic, varied, and in our own words."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from primer_cli.checking import ContentError
from primer_cli.quiz.bank import MIN_QUESTIONS_PER_TOPIC, Bank, load_bank
from primer_cli.quiz.schema import QuestionKind
from primer_cli.topics.store import library
from tests.conftest import REPO
from tests.originality import SEED, copied_runs, seed_ngrams

QUIZZES = REPO / "quizzes"
FILES = sorted(QUIZZES.glob("*.yaml"))


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(QUIZZES, {t.id: t.order for t in library()})


@pytest.fixture(scope="module")
def seed_grams() -> set[tuple[str, ...]]:
    return seed_ngrams(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_quiz_file_is_valid(path: Path, tmp_path: Path) -> None:
    (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        load_bank(tmp_path, {t.id: t.order for t in library()})
    except ContentError as error:
        pytest.fail(error.message)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_questions_are_in_our_own_words(path: Path, seed_grams: set[tuple[str, ...]]) -> None:
    copied = copied_runs(yaml.safe_load(path.read_text(encoding="utf-8")), seed_grams)
    assert not copied, f"{path.name} shares phrases with the primer: {copied}"


def test_every_topic_has_enough_questions(bank: Bank) -> None:
    counts = bank.count_by_topic()
    thin = {
        t.id: counts.get(t.id, 0)
        for t in library()
        if counts.get(t.id, 0) < MIN_QUESTIONS_PER_TOPIC
    }
    assert not thin, f"topics with fewer than {MIN_QUESTIONS_PER_TOPIC} questions: {thin}"


def test_the_bank_is_big_and_uses_every_kind(bank: Bank) -> None:
    assert len(bank) >= 300
    kinds = Counter(q.kind for q in bank)
    assert set(kinds) == set(QuestionKind)
    assert min(kinds.values()) >= 15, kinds


def test_choices_never_refer_to_their_position(bank: Bank) -> None:
    """Options are shuffled, so 'all of the above' or 'option b' would be nonsense."""
    positional = re.compile(
        r"\b(all|none|both) of the above\b|\boption [a-f]\b|\b[a-f] and [a-f]\b", re.I
    )
    offenders = [(q.id, o.text) for q in bank for o in q.options if positional.search(o.text)]
    assert not offenders


def test_every_wrong_choice_says_why(bank: Bank) -> None:
    """A learner who picks a wrong option is told what is wrong with it."""
    missing = [
        (q.id, o.text)
        for q in bank
        if q.kind in (QuestionKind.SINGLE, QuestionKind.SCENARIO)
        for o in q.options
        if not o.correct and not o.feedback
    ]
    assert not missing


def test_the_shipped_check_passes(runner: object) -> None:
    from typer.testing import CliRunner

    from primer_cli.cli import app

    result = CliRunner().invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "questions in" in result.output
