"""The one schema every question file follows, and its validation.

A question file (`quizzes/<topic-id>.yaml`) names its topic and lists its
questions. `parse_quiz` turns a parsed mapping into frozen `Question`s or
collects every problem with its field path, like the topic schema: unknown
keys are problems, and so are fields that make no sense for the question's
kind (`items` on a true/false question). Numeric answers and absolute
tolerances are read by the estimate parser, so a typo in a unit is caught
when the file is checked, not when a learner answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from primer_cli.checking import Checker, Problem, echoed, kind_of
from primer_cli.errors import UsageProblem
from primer_cli.estimate.quantity import Kind as QuantityKind
from primer_cli.estimate.quantity import parse_quantity

if TYPE_CHECKING:
    from primer_cli.estimate.calculators import Step

SCHEMA_VERSION = 1

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Within a factor of √10 either way: the answer rounds to the same power of
# ten on a log scale, which is what "the right order of magnitude" means.
MAGNITUDE_FACTOR = math.sqrt(10)


class QuestionKind(Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    NUMERIC = "numeric"
    ORDERING = "ordering"
    SCENARIO = "scenario"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCENARIO)


_KIND_LABELS = {
    QuestionKind.SINGLE: "single choice",
    QuestionKind.MULTIPLE: "select all that apply",
    QuestionKind.TRUE_FALSE: "true or false",
    QuestionKind.NUMERIC: "numeric",
    QuestionKind.ORDERING: "ordering",
    QuestionKind.SCENARIO: "scenario",
}

KIND_NAMES = tuple(kind.value for kind in QuestionKind)


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool = False
    feedback: str = ""  # why choosing this option is wrong (or right), shown after answering


@dataclass(frozen=True)
class Tolerance:
    """How close a numeric answer must be: 'relative' (a fraction), 'absolute' (base units) or 'magnitude'."""

    mode: str
    amount: float = 0.0

    def accepts(self, expected: float, given: float) -> bool:
        if self.mode == "absolute":
            return abs(given - expected) <= self.amount * (1 + 1e-9)
        if self.mode == "relative":
            return abs(given - expected) <= self.amount * abs(expected) * (1 + 1e-9)
        if expected <= 0 or given <= 0:
            return given == expected
        return abs(math.log10(given / expected)) <= math.log10(MAGNITUDE_FACTOR) + 1e-12

    def describe(self, unit_text: str = "") -> str:
        if self.mode == "relative":
            return f"within {self.amount * 100:g}%"
        if self.mode == "absolute":
            return f"within ± {unit_text}" if unit_text else f"within ± {self.amount:g}"
        return "the right order of magnitude (within a factor of about 3)"


@dataclass(frozen=True)
class NumericAnswer:
    """The expected number: as written, in base units, and the unit a bare number means."""

    text: str
    value: float
    kind: QuantityKind
    unit: str  # the unit the author wrote ('ms', 'GB', '/s', '' for a count)
    unit_factor: float  # base units in one `unit`


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    kind: QuestionKind
    prompt: str
    explanation: str
    hint: str = ""
    situation: str = ""  # scenario only: the story before the question
    options: tuple[Option, ...] = ()
    truth: bool | None = None  # true-false only
    numeric: NumericAnswer | None = None
    tolerance: Tolerance | None = None
    items: tuple[str, ...] = ()  # ordering only, in the right order
    generated: bool = False  # made by a template in quiz/generated.py, not read from a file
    derivation: tuple[Step, ...] = ()  # generated: the estimate engine's worked steps
    params: tuple[tuple[str, float], ...] = ()  # generated: the random inputs drawn

    @property
    def correct_letters(self) -> tuple[int, ...]:
        return tuple(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class QuizFile:
    topic: str
    questions: tuple[Question, ...]


_COMMON_REQUIRED = {"id", "kind", "prompt", "explanation"}
_COMMON_OPTIONAL = {"hint"}
_KIND_FIELDS: dict[QuestionKind, tuple[set[str], set[str]]] = {
    QuestionKind.SINGLE: ({"options"}, set()),
    QuestionKind.MULTIPLE: ({"options"}, set()),
    QuestionKind.SCENARIO: ({"situation", "options"}, set()),
    QuestionKind.TRUE_FALSE: ({"answer"}, set()),
    QuestionKind.NUMERIC: ({"answer", "tolerance"}, set()),
    QuestionKind.ORDERING: ({"items"}, set()),
}
_OPTION_COUNTS = {
    QuestionKind.SINGLE: (2, 6),
    QuestionKind.SCENARIO: (2, 6),
    QuestionKind.MULTIPLE: (3, 8),
}
_ORDERING_ITEMS = (3, 7)


def parse_quiz(data: Any) -> tuple[QuizFile | None, list[Problem]]:
    """Validate one question file. Returns the file, or None and the problems."""
    check = Checker()
    top = check.mapping(data, "")
    if top is None:
        return None, check.problems
    check.keys(top, "", {"schema", "topic", "questions"}, set())
    if top.get("schema") is not None and top.get("schema") != SCHEMA_VERSION:
        check.fail(
            "schema", f"must be {SCHEMA_VERSION} (this primer reads question files version 1)"
        )
    topic = check.text(top.get("topic"), "topic")
    if topic and not ID_PATTERN.match(topic):
        check.fail("topic", f"'{topic}' is not a topic id (lowercase words joined by hyphens)")
    questions = check.records(
        top.get("questions"),
        "questions",
        lambda m, p: _question(check, m, p, topic),
        allow_empty=False,
    )
    _unique_ids(check, questions)
    quiz = QuizFile(topic, tuple(q for q in questions if q is not None))
    return (None if check.problems else quiz), check.problems


def _question(check: Checker, data: Mapping[str, Any], path: str, topic: str) -> Question | None:
    kind = _kind(check, data.get("kind"), f"{path}.kind")
    if kind is None:
        check.keys(data, path, _COMMON_REQUIRED, _COMMON_OPTIONAL | _all_kind_fields())
        return None
    required, optional = _KIND_FIELDS[kind]
    _kind_keys(check, data, path, kind, _COMMON_REQUIRED | required, _COMMON_OPTIONAL | optional)
    question_id = check.text(data.get("id"), f"{path}.id")
    if question_id and not ID_PATTERN.match(question_id):
        check.fail(f"{path}.id", f"'{question_id}' must be lowercase words joined by hyphens")
    before = len(check.problems)
    question = Question(
        id=question_id,
        topic=topic,
        kind=kind,
        prompt=check.text(data.get("prompt"), f"{path}.prompt"),
        explanation=check.text(data.get("explanation"), f"{path}.explanation"),
        hint=check.text(data.get("hint", ""), f"{path}.hint", allow_empty=True),
        situation=_situation(check, data, path, kind),
        options=_options(check, data, path, kind),
        truth=_truth(check, data, path, kind),
        numeric=_numeric(check, data, path, kind),
        tolerance=_tolerance(check, data, path, kind),
        items=_items(check, data, path, kind),
    )
    return question if len(check.problems) == before else None


def _all_kind_fields() -> set[str]:
    return set().union(*(required | optional for required, optional in _KIND_FIELDS.values()))


def _kind(check: Checker, value: Any, path: str) -> QuestionKind | None:
    try:
        return kind_named(value)
    except ValueError as unknown:
        check.fail(path, str(unknown))
        return None


def kind_named(name: object) -> QuestionKind:
    """The question kind called `name`; a ValueError names the nearest and lists them all."""
    try:
        return QuestionKind(str(name).strip().lower())
    except ValueError:
        import difflib

        close = difflib.get_close_matches(str(name).lower(), KIND_NAMES, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ValueError(
            f"'{echoed(str(name))}' is not a question kind{hint}; use one of {', '.join(KIND_NAMES)}"
        ) from None


def _kind_keys(
    check: Checker,
    data: Mapping[str, Any],
    path: str,
    kind: QuestionKind,
    required: set[str],
    optional: set[str],
) -> None:
    for key in sorted(required - data.keys()):
        check.fail(f"{path}.{key}", f"is required for a {kind.value} question but missing")
    other_kinds = _all_kind_fields()
    for key in sorted(data.keys() - required - optional, key=str):
        allowed = ", ".join(sorted(required | optional))
        if key in other_kinds:
            check.fail(
                f"{path}.{key}", f"is not used by a {kind.value} question (its fields: {allowed})"
            )
        else:
            check.fail(f"{path}.{key}", f"is not a known field (allowed: {allowed})")


def _situation(check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind) -> str:
    if kind is not QuestionKind.SCENARIO:
        return ""
    return check.text(data.get("situation"), f"{path}.situation")


def _options(
    check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind
) -> tuple[Option, ...]:
    if not kind.has_options or "options" not in data:
        return ()
    options: tuple[Option, ...] = check.records(
        data["options"], f"{path}.options", lambda m, p: _option(check, m, p)
    )
    low, high = _OPTION_COUNTS[kind]
    where = f"{path}.options"
    if not low <= len(options) <= high:
        check.fail(
            where, f"a {kind.value} question needs {low} to {high} options, not {len(options)}"
        )
    correct = sum(option.correct for option in options)
    if kind is QuestionKind.MULTIPLE:
        if correct == 0 or correct == len(options):
            check.fail(where, "needs at least one correct and one wrong option")
    elif correct != 1:
        check.fail(where, f"must mark exactly one option 'correct: true', not {correct}")
    texts = [option.text.lower() for option in options]
    if len(set(texts)) != len(texts):
        check.fail(where, "has two options with the same text")
    return options


def _option(check: Checker, data: Mapping[str, Any], path: str) -> Option:
    check.keys(data, path, {"text"}, {"correct", "feedback"})
    correct = data.get("correct", False)
    if not isinstance(correct, bool):
        check.fail(f"{path}.correct", f"must be true or false, not {kind_of(correct)}")
        correct = False
    return Option(
        text=check.text(data.get("text"), f"{path}.text"),
        correct=correct,
        feedback=check.text(data.get("feedback", ""), f"{path}.feedback", allow_empty=True),
    )


def _truth(check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind) -> bool | None:
    if kind is not QuestionKind.TRUE_FALSE or "answer" not in data:
        return None
    value = data["answer"]
    if not isinstance(value, bool):
        check.fail(f"{path}.answer", f"must be true or false, not {kind_of(value)}")
        return None
    return value


def _numeric(
    check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind
) -> NumericAnswer | None:
    if kind is not QuestionKind.NUMERIC or "answer" not in data:
        return None
    where = f"{path}.answer"
    value = data["answer"]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        check.fail(where, f"must be a number or a quantity such as '20 ms', not {kind_of(value)}")
        return None
    try:
        return numeric_answer(str(value), param=where)
    except UsageProblem as problem:
        check.fail(where, problem.message)
        return None


def numeric_answer(text: str, *, param: str) -> NumericAnswer:
    """Read an expected answer such as '86,400 s', '4/s', '2.5M', 1e6 or '99.8%'."""
    if str(text).strip().endswith("%"):
        number = parse_quantity(
            str(text).strip().removesuffix("%"), param=param, accept=[QuantityKind.COUNT]
        )
        return NumericAnswer(str(text), number.value, QuantityKind.COUNT, "%", 1.0)
    quantity = parse_quantity(text, param=param)
    unit = _unit_part(text)
    factor = parse_quantity(f"1 {unit}", param=param).value if unit else 1.0
    return NumericAnswer(str(text), quantity.value, quantity.kind, unit, factor)


def _unit_part(text: str) -> str:
    """What follows the number: 'ms' in '20 ms', '/s' in '4/s', '' in '2^32'."""
    match = re.match(r"^\s*(?:\d+\s*\^\s*\d+|[\d.,]+(?:[eE][+-]?\d+)?)\s*(.*)$", str(text))
    return match.group(1).strip() if match else ""


def _tolerance(
    check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind
) -> Tolerance | None:
    if kind is not QuestionKind.NUMERIC or "tolerance" not in data:
        return None
    where = f"{path}.tolerance"
    spec = check.mapping(data["tolerance"], where)
    if spec is None:
        return None
    if len(spec) != 1 or next(iter(spec)) not in ("relative", "absolute", "magnitude"):
        check.fail(
            where,
            "must have exactly one of: relative (0.1 = 10%), absolute ('5 ms'), magnitude (true)",
        )
        return None
    mode, amount = next(iter(spec.items()))
    return _tolerance_of(check, f"{where}.{mode}", mode, amount, data.get("answer"))


def _tolerance_of(
    check: Checker, where: str, mode: str, amount: Any, answer: Any
) -> Tolerance | None:
    if mode == "magnitude":
        if amount is not True:
            check.fail(where, "must be true (within a factor of about 3 either way)")
            return None
        return Tolerance("magnitude")
    if mode == "relative":
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not 0 < amount < 1:
            check.fail(where, f"must be a fraction between 0 and 1 such as 0.1, not {amount!r}")
            return None
        return Tolerance("relative", float(amount))
    try:
        quantity = numeric_answer(str(amount), param=where)
        expected = numeric_answer(str(answer), param=where)
    except UsageProblem as problem:
        check.fail(where, problem.message)
        return None
    if quantity.kind is not expected.kind or quantity.value <= 0:
        check.fail(where, f"must be a positive {expected.kind.value}, like the answer")
        return None
    return Tolerance("absolute", quantity.value)


def _items(
    check: Checker, data: Mapping[str, Any], path: str, kind: QuestionKind
) -> tuple[str, ...]:
    if kind is not QuestionKind.ORDERING or "items" not in data:
        return ()
    items = check.text_list(data["items"], f"{path}.items")
    low, high = _ORDERING_ITEMS
    if not low <= len(items) <= high:
        check.fail(
            f"{path}.items", f"an ordering question needs {low} to {high} items, not {len(items)}"
        )
    if len({item.lower() for item in items}) != len(items):
        check.fail(f"{path}.items", "has two items with the same text")
    return items


def _unique_ids(check: Checker, questions: tuple[Question | None, ...]) -> None:
    seen: dict[str, int] = {}
    for i, question in enumerate(questions):
        if question is None or not question.id:
            continue
        if question.id in seen:
            check.fail(
                f"questions[{i}].id",
                f"'{question.id}' is already used by questions[{seen[question.id]}]",
            )
        seen.setdefault(question.id, i)
