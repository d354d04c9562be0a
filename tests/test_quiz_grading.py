"""Grading every kind of question, tolerance edges included, and how choices are shown."""

from __future__ import annotations

import pytest

from primer_cli.quiz.grading import grade
from primer_cli.quiz.presenting import present
from primer_cli.quiz.schema import Option, Question, QuestionKind, Tolerance, numeric_answer


def choice(kind: QuestionKind, correct: set[int], count: int = 4) -> Question:
    options = tuple(
        Option(f"option {i}", i in correct, f"why not {i}" if i not in correct else "")
        for i in range(count)
    )
    return Question("q", "cap-theorem", kind, "Which?", "Because.", options=options)


def letters_for(question: Question, seed: int, indexes: set[int]) -> str:
    presented = present(question, seed)
    return ",".join(sorted(presented.letter_of(i) for i in indexes))


@pytest.mark.parametrize("seed", range(20))
def test_single_choice_right_and_wrong(seed: int) -> None:
    question = choice(QuestionKind.SINGLE, {2})
    presented = present(question, seed)
    right = presented.letter_of(2)
    wrong = presented.letter_of(0)
    assert grade(presented, right).correct
    assert grade(presented, right.upper() + ")").correct  # 'C)' as people type it
    verdict = grade(presented, wrong)
    assert not verdict.correct
    assert verdict.expected == right
    assert verdict.feedback == (f"{wrong}) why not 0",)


def test_single_choice_refuses_two_letters() -> None:
    presented = present(choice(QuestionKind.SINGLE, {1}), 0)
    verdict = grade(presented, "a,b")
    assert not verdict.correct
    assert "names 2 choices" in verdict.problem


@pytest.mark.parametrize("text", ["", "z", "1", "maybe", "a b c d e"])
def test_unreadable_choice_is_wrong_with_a_reason(text: str) -> None:
    presented = present(choice(QuestionKind.SINGLE, {1}), 0)
    verdict = grade(presented, text)
    assert not verdict.correct and verdict.problem


@pytest.mark.parametrize("seed", range(10))
def test_multiple_choice_needs_exactly_the_right_set(seed: int) -> None:
    question = choice(QuestionKind.MULTIPLE, {0, 3}, count=5)
    presented = present(question, seed)
    exact = letters_for(question, seed, {0, 3})
    assert grade(presented, exact).correct
    assert grade(presented, exact.replace(",", "")).correct  # 'ad' works too
    assert grade(presented, exact.replace(",", " ")).correct
    partial = grade(presented, letters_for(question, seed, {0}))
    assert not partial.correct and partial.detail == "1 of the 2 right options"
    extra = grade(presented, letters_for(question, seed, {0, 3, 1}))
    assert not extra.correct and extra.detail == "2 of the 2 right options, 1 wrong"


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("b", True),
        ("B", True),
        ("false", True),
        ("F", True),
        ("no", True),
        ("a", False),
        ("true", False),
    ],
)
def test_true_false(text: str, correct: bool) -> None:
    question = Question("q", "cap-theorem", QuestionKind.TRUE_FALSE, "True?", "No.", truth=False)
    assert grade(present(question, 0), text).correct is correct


def numeric(answer: str, tolerance: Tolerance) -> Question:
    return Question(
        "q",
        "latency-numbers",
        QuestionKind.NUMERIC,
        "How long, in milliseconds?",
        "Because.",
        numeric=numeric_answer(answer, param="answer"),
        tolerance=tolerance,
    )


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("20 ms", True),
        ("20ms", True),
        ("20", True),  # a bare number is read in the answer's unit (ms)
        ("0.02 s", True),
        ("20,000 us", True),
        ("25 ms", True),  # the edge of ± 5 ms
        ("15ms", True),
        ("25.1 ms", False),
        ("14.9", False),
        ("2 s", False),
    ],
)
def test_numeric_absolute_tolerance(text: str, correct: bool) -> None:
    question = numeric("20 ms", Tolerance("absolute", 0.005))
    assert grade(present(question, 0), text).correct is correct


@pytest.mark.parametrize("text", ["20 GB", "fast", "-3 ms", ""])
def test_numeric_unreadable_or_wrong_kind(text: str) -> None:
    verdict = grade(present(numeric("20 ms", Tolerance("absolute", 0.005)), 0), text)
    assert not verdict.correct and verdict.problem


def test_numeric_wrong_kind_names_the_kinds() -> None:
    verdict = grade(present(numeric("20 ms", Tolerance("relative", 0.1)), 0), "20 GB")
    assert (
        verdict.problem == "'20 GB' is a data size, but the answer is a duration (a number in ms)"
    )


@pytest.mark.parametrize("typed", ["38/s", "~38/s", "≈ 38", "about 38 req/s", "38 requests/s"])
def test_a_rate_may_be_written_as_an_estimate_and_with_what_it_counts(typed: str) -> None:
    verdict = grade(present(numeric("38/s", Tolerance("relative", 0.1)), 0), typed)
    assert verdict.correct, verdict.problem


@pytest.mark.parametrize("typed", ["x", "12 GB", "5 ms", "12/s"])
def test_a_message_about_the_form_never_gives_the_answer_away(typed: str) -> None:
    """The TUI checks a typed answer as it is typed: one stray key must not show the answer."""
    from primer_cli.quiz.shipped import bank

    for question in bank().questions:
        if question.numeric is None:
            continue
        verdict = grade(present(question, 0), typed)
        said = (verdict.problem or "").replace(f"'{typed}'", "")  # the echo of what was typed
        assert question.numeric.text not in said, (question.id, verdict.problem)


@pytest.mark.parametrize(
    ("text", "correct"),
    [("38/s", True), ("40", True), ("2.3k/min", True), ("100M/month", True), ("50/s", False)],
)
def test_numeric_rates_in_any_period(text: str, correct: bool) -> None:
    question = numeric("38/s", Tolerance("relative", 0.15))
    assert grade(present(question, 0), text).correct is correct


@pytest.mark.parametrize(
    ("text", "correct"), [("99.8%", True), ("99.8", True), ("99.81 %", True), ("99.7", False)]
)
def test_numeric_percent(text: str, correct: bool) -> None:
    question = numeric("99.8%", Tolerance("absolute", 0.01))
    assert grade(present(question, 0), text).correct is correct


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("4bn", True),
        ("4 billion", True),
        ("2^32", True),
        ("1.4bn", True),
        ("1.3bn", False),
        ("14bn", False),
    ],
)
def test_numeric_order_of_magnitude(text: str, correct: bool) -> None:
    question = numeric("4.29bn", Tolerance("magnitude"))
    assert grade(present(question, 0), text).correct is correct


def ordering(count: int = 4) -> Question:
    return Question(
        "order-q",
        "latency-numbers",
        QuestionKind.ORDERING,
        "Fastest first.",
        "Because.",
        items=tuple(f"item {i}" for i in range(count)),
    )


@pytest.mark.parametrize("seed", range(30))
def test_ordering_is_never_shown_in_order_and_grades_the_order(seed: int) -> None:
    question = ordering()
    presented = present(question, seed)
    assert presented.choices != question.items
    right = [presented.letter_of(i) for i in range(4)]
    assert grade(presented, ",".join(right)).correct
    assert grade(presented, "".join(right)).correct
    swapped = [right[1], right[0], *right[2:]]
    verdict = grade(presented, ", ".join(swapped))
    assert not verdict.correct and verdict.detail == "2 of 4 in the right place"


@pytest.mark.parametrize("text", ["a,b", "a,a,b,c", "a,b,c,d,e", "x,y,z,w"])
def test_ordering_must_name_every_letter_once(text: str) -> None:
    verdict = grade(present(ordering(), 0), text)
    assert not verdict.correct and "is not an ordering of a, b, c, d" in verdict.problem


def test_shuffle_is_reproducible_and_varies_with_the_seed() -> None:
    question = choice(QuestionKind.SINGLE, {0}, count=6)
    assert present(question, 1).order == present(question, 1).order
    assert len({present(question, seed).order for seed in range(20)}) > 5


@pytest.mark.parametrize(
    ("text", "correct"), [("99.79", True), ("99.79%", True), ("99.79 %", True), ("99.7%", False)]
)
def test_a_percentage_asked_as_a_number_accepts_a_percent_sign(text: str, correct: bool) -> None:
    question = numeric("99.79", Tolerance("absolute", 0.005))
    assert grade(present(question, 0), text).correct is correct
