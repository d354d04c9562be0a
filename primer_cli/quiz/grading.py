"""Grade what a learner typed: letters, true/false, a number with units, an ordering.

One entry point, `grade(presented, text)`, serves every face: the terminal
prompts turn a selection into the same text a script would type (`a,c`,
`c,a,b`, `20 ms`). An answer that cannot be read is graded wrong with the
reason in `problem`; nothing is ever asked again, so a script never hangs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from primer_cli.errors import UsageProblem
from primer_cli.estimate.quantity import Kind, format_number, parse_quantity
from primer_cli.quiz.presenting import Presented
from primer_cli.quiz.schema import NumericAnswer, Question, QuestionKind

_TRUE_WORDS = {"a", "t", "true", "y", "yes"}
_FALSE_WORDS = {"b", "f", "false", "n", "no"}


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer, with everything a face needs to explain it."""

    correct: bool
    given: str  # what the learner typed, tidied ('' for no answer)
    expected: str  # the right answer in the same terms: 'b', 'a, c', 'false', '20 ms', 'c, a, b'
    expected_lines: tuple[str, ...]  # the right answer spelled out: 'b) Only while ...'
    feedback: tuple[str, ...] = ()  # what the chosen wrong options say about themselves
    problem: str = ""  # why the answer could not be read; such an answer counts as wrong
    detail: str = ""  # how close it was: '1 of 2 right options, 1 wrong', 'you said 25 ms'


class Unreadable(Exception):
    """An answer that is not a letter, a number or an ordering this question takes."""


def grade(presented: Presented, text: str) -> Grade:
    """Grade `text` against `presented`'s question."""
    question = presented.question
    expected, lines = expected_answer(presented)
    given = " ".join(str(text).split())
    try:
        return _GRADERS[question.kind](presented, given, expected, lines)
    except Unreadable as why:
        return Grade(False, given, expected, lines, problem=str(why))


def expected_answer(presented: Presented) -> tuple[str, tuple[str, ...]]:
    """The right answer as a learner would type it, and spelled out line by line."""
    question = presented.question
    kind = question.kind
    if kind is QuestionKind.TRUE_FALSE:
        word = "true" if question.truth else "false"
        return word, (f"{'a' if question.truth else 'b'}) {word.capitalize()}",)
    if kind is QuestionKind.NUMERIC:
        numeric = _numeric(question)
        tolerance = question.tolerance
        accepted = f" ({tolerance.describe(_absolute_text(question))})" if tolerance else ""
        return numeric.text, (f"{numeric.text}{accepted}",)
    if kind is QuestionKind.ORDERING:
        letters = [presented.letter_of(i) for i in range(len(question.items))]
        lines = tuple(
            f"{n}. {letter}) {item}"
            for n, (letter, item) in enumerate(zip(letters, question.items, strict=True), 1)
        )
        return ", ".join(letters), lines
    right = sorted(presented.letter_of(i) for i in question.correct_letters)
    choices = presented.choices
    return ", ".join(right), tuple(f"{letter}) {choices[ord(letter) - 97]}" for letter in right)


def _grade_choice(presented: Presented, given: str, expected: str, lines: tuple[str, ...]) -> Grade:
    question = presented.question
    letters = _letters(given, presented, single=question.kind is not QuestionKind.MULTIPLE)
    chosen = {presented.order[ord(letter) - 97] for letter in letters}
    right = set(question.correct_letters)
    feedback = tuple(
        f"{presented.letter_of(i)}) {question.options[i].feedback}"
        for i in sorted(chosen, key=presented.order.index)
        if question.options[i].feedback and (i not in right or chosen != right)
    )
    detail = ""
    if question.kind is QuestionKind.MULTIPLE and chosen != right:
        hits, misses = len(chosen & right), len(chosen - right)
        detail = f"{hits} of the {len(right)} right options" + (
            f", {misses} wrong" if misses else ""
        )
    return Grade(
        chosen == right, ", ".join(sorted(letters)), expected, lines, feedback, detail=detail
    )


def _grade_true_false(
    presented: Presented, given: str, expected: str, lines: tuple[str, ...]
) -> Grade:
    word = given.lower().rstrip(").")
    if word in _TRUE_WORDS:
        said = True
    elif word in _FALSE_WORDS:
        said = False
    else:
        raise Unreadable(
            f"'{given}' is not an answer to a true/false question; type a (true) or b (false)"
        )
    return Grade(said is presented.question.truth, "true" if said else "false", expected, lines)


def _grade_numeric(
    presented: Presented, given: str, expected: str, lines: tuple[str, ...]
) -> Grade:
    question = presented.question
    numeric = _numeric(question)
    value = read_number(given, numeric)
    assert question.tolerance is not None  # the schema requires one on numeric questions
    correct = question.tolerance.accepts(numeric.value, value)
    shown = format_in_unit(value, numeric)
    return Grade(correct, given, expected, lines, detail=f"you said {shown}")


def _grade_ordering(
    presented: Presented, given: str, expected: str, lines: tuple[str, ...]
) -> Grade:
    try:
        letters = _letters(given, presented, single=False, keep_order=True)
    except Unreadable:
        letters = []
    if sorted(letters) != list(presented.letters):
        raise Unreadable(
            f"'{given}' is not an ordering of {', '.join(presented.letters)}; "
            "name each letter once, in order, separated by commas"
        )
    said = ", ".join(letters)
    in_place = sum(a == b for a, b in zip(letters, expected.split(", "), strict=True))
    detail = f"{in_place} of {len(letters)} in the right place" if said != expected else ""
    return Grade(said == expected, said, expected, lines, detail=detail)


_GRADERS = {
    QuestionKind.SINGLE: _grade_choice,
    QuestionKind.SCENARIO: _grade_choice,
    QuestionKind.MULTIPLE: _grade_choice,
    QuestionKind.TRUE_FALSE: _grade_true_false,
    QuestionKind.NUMERIC: _grade_numeric,
    QuestionKind.ORDERING: _grade_ordering,
}


def _letters(
    given: str, presented: Presented, *, single: bool, keep_order: bool = False
) -> list[str]:
    """Letters from 'a', 'a,c', 'a c', 'ac' or 'c, a, b'; each must be one of the choices."""
    cleaned = given.lower().replace(")", " ")
    tokens = [t for t in re.split(r"[\s,;]+", cleaned) if t]
    letters = [c for token in tokens for c in token] if all(t.isalpha() for t in tokens) else []
    valid = presented.letters
    if not letters or any(letter not in valid for letter in letters):
        span = f"{valid[0]}–{valid[-1]}"
        raise Unreadable(f"'{given}' is not a choice; answer with a letter from {span}")
    if single and len(letters) != 1:
        raise Unreadable(f"'{given}' names {len(letters)} choices; this question has one answer")
    if keep_order:
        return letters
    return sorted(set(letters))


def read_number(given: str, numeric: NumericAnswer) -> float:
    """A typed number in base units; a bare number is read in the answer's own unit."""
    # An estimate is often written as one: '~40/s', '≈ 40', 'about 40'.
    given = given.lstrip("~≈ ").removeprefix("about ").strip()
    if not given:
        raise Unreadable("no answer was given")
    if numeric.kind is Kind.COUNT and given.endswith("%"):
        given = given.removesuffix("%").strip()  # '99.8%' answers a percentage asked as a number
    try:
        quantity = parse_quantity(given, param="answer")
    except UsageProblem as problem:
        # The parser lists every kind it reads; a learner needs only this answer's.
        why = problem.message.split(". Expected")[0]
        raise Unreadable(f"{why}; answer with {_wanted_form(numeric)}") from None
    if quantity.kind is Kind.COUNT and numeric.kind is not Kind.COUNT:
        return quantity.value * numeric.unit_factor
    if quantity.kind is not numeric.kind:
        raise Unreadable(
            f"'{given}' is a {quantity.kind.value}, but the answer is a {numeric.kind.value}"
            f" ({_wanted_form(numeric)})"
        )
    return quantity.value


def _wanted_form(numeric: NumericAnswer) -> str:
    """How to write the answer, never the answer itself: the message shows as it is typed."""
    if not numeric.unit:
        return "a number"
    return f"a number in {numeric.unit}"


def format_in_unit(value: float, numeric: NumericAnswer) -> str:
    """`value` (base units) written in the answer's own unit: '25 ms' beside '20 ms'."""
    number = format_number(value / numeric.unit_factor, 4)
    if not numeric.unit:
        return number
    space = "" if numeric.unit.startswith(("/", "%")) else " "
    return f"{number}{space}{numeric.unit}"


def _numeric(question: Question) -> NumericAnswer:
    assert question.numeric is not None  # the schema requires an answer on numeric questions
    return question.numeric


def _absolute_text(question: Question) -> str:
    if question.tolerance is None or question.tolerance.mode != "absolute":
        return ""
    return format_in_unit(question.tolerance.amount, _numeric(question))
