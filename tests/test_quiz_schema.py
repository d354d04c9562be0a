"""The question schema: what it accepts, and every mistake it names with field and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from primer_cli.checking import ContentError
from primer_cli.quiz.bank import load_bank
from primer_cli.quiz.schema import QuestionKind, Tolerance, parse_quiz

TOPICS = {"cap-theorem": 80, "cache-aside": 320, "latency-numbers": 500}


def problems_of(tmp_path: Path, body: str, name: str = "cap-theorem") -> list[str]:
    (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(tmp_path, TOPICS)
    return [p.describe() for p in caught.value.problems]


GOOD = """\
schema: 1
topic: cap-theorem
questions:
  - id: q-single
    kind: single
    prompt: Which?
    options:
      - text: This one
        correct: true
      - text: That one
        feedback: No, because.
    explanation: Because.
  - id: q-multiple
    kind: multiple
    prompt: Which ones?
    options:
      - {text: A, correct: true}
      - {text: B, correct: true}
      - {text: C}
    explanation: Because.
  - id: q-tf
    kind: true-false
    prompt: True?
    answer: false
    explanation: Because.
    hint: Think.
  - id: q-numeric
    kind: numeric
    prompt: How long, in milliseconds?
    answer: 20 ms
    tolerance: {absolute: 5 ms}
    explanation: Because.
  - id: q-order
    kind: ordering
    prompt: Order them.
    items: [first, second, third]
    explanation: Because.
  - id: q-scenario
    kind: scenario
    situation: A story.
    prompt: Which pattern?
    options:
      - {text: X, correct: true}
      - {text: Y}
    explanation: Because.
"""


def test_a_file_with_every_kind_loads(tmp_path: Path) -> None:
    (tmp_path / "cap-theorem.yaml").write_text(GOOD, encoding="utf-8")
    bank = load_bank(tmp_path, TOPICS)
    assert [q.kind for q in bank] == list(QuestionKind)
    numeric = bank.get("q-numeric")
    assert numeric is not None and numeric.numeric is not None
    assert numeric.numeric.value == pytest.approx(0.020)
    assert numeric.numeric.unit == "ms"
    assert numeric.tolerance == Tolerance("absolute", pytest.approx(0.005))
    assert bank.get("q-tf") is not None and bank.get("q-tf").truth is False  # type: ignore[union-attr]
    assert bank.get("q-order").items == ("first", "second", "third")  # type: ignore[union-attr]
    assert all(q.topic == "cap-theorem" for q in bank)


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (
            ("kind: single", "kind: singel"),
            "'singel' is not a question kind (did you mean 'single'?)",
        ),
        (
            ("    answer: false\n", "    answer: nope\n"),
            "field 'questions[2].answer' must be true or false",
        ),
        (
            ("    answer: 20 ms", "    answer: 20 parsecs"),
            "field 'questions[3].answer' '20 parsecs' has an unknown unit",
        ),
        (
            ("tolerance: {absolute: 5 ms}", "tolerance: {absolute: 5 GB}"),
            "must be a positive duration, like the answer",
        ),
        (
            ("tolerance: {absolute: 5 ms}", "tolerance: {relative: 5}"),
            "must be a fraction between 0 and 1",
        ),
        (("tolerance: {absolute: 5 ms}", "tolerance: {near: 1}"), "must have exactly one of"),
        (("items: [first, second, third]", "items: [first, second]"), "needs 3 to 7 items, not 2"),
        (
            ("      - {text: C}\n", "      - {text: C, correct: true}\n"),
            "needs at least one correct and one wrong option",
        ),
        (
            ("        feedback: No, because.\n", "        correct: true\n"),
            "must mark exactly one option 'correct: true', not 2",
        ),
        (
            ("    situation: A story.\n", ""),
            "field 'questions[5].situation' is required for a scenario question",
        ),
        (
            ("    hint: Think.\n", "    hint: Think.\n    items: [a, b, c]\n"),
            "field 'questions[2].items' is not used by a true-false question",
        ),
        (
            ("    hint: Think.\n", "    hint: Think.\n    colour: red\n"),
            "field 'questions[2].colour' is not a known field",
        ),
        (("  - id: q-tf", "  - id: q-single"), "'q-single' is already used by questions[0]"),
        (("  - id: q-tf", "  - id: Q_TF"), "'Q_TF' must be lowercase words joined by hyphens"),
        (("schema: 1", "schema: 2"), "field 'schema' must be 1"),
        (
            ("    explanation: Because.\n    hint", "    hint"),
            "field 'questions[2].explanation' is required",
        ),
    ],
)
def test_each_mistake_is_named(tmp_path: Path, mutation: tuple[str, str], expected: str) -> None:
    old, new = mutation
    assert old in GOOD
    found = problems_of(tmp_path, GOOD.replace(old, new, 1))
    assert any(expected in p for p in found), found


def test_problems_carry_file_and_line(tmp_path: Path) -> None:
    found = problems_of(tmp_path, GOOD.replace("answer: false", "answer: nope"))
    line = GOOD.splitlines().index("    answer: false") + 1
    assert found == [
        f"{tmp_path / 'cap-theorem.yaml'}:{line}: field 'questions[2].answer' must be true or false, not text"
    ]


def test_unknown_topic_suggests_the_nearest(tmp_path: Path) -> None:
    found = problems_of(
        tmp_path, GOOD.replace("topic: cap-theorem", "topic: cap-theorm"), "cap-theorm"
    )
    assert any("'cap-theorm' is not a topic (did you mean 'cap-theorem'?)" in p for p in found)


def test_file_name_must_match_topic(tmp_path: Path) -> None:
    found = problems_of(tmp_path, GOOD, name="cache-aside")
    assert any("'cap-theorem' must match the file name 'cache-aside'" in p for p in found)


def test_ids_are_unique_across_files(tmp_path: Path) -> None:
    (tmp_path / "cap-theorem.yaml").write_text(GOOD, encoding="utf-8")
    other = GOOD.replace("topic: cap-theorem", "topic: cache-aside")
    found = problems_of(tmp_path, other, name="cache-aside")
    assert any("'q-single' is already used in" in p for p in found)


def test_every_problem_is_collected(tmp_path: Path) -> None:
    broken = GOOD.replace("kind: single", "kind: nope").replace("answer: false", "answer: 3")
    assert len(problems_of(tmp_path, broken)) >= 2


def test_not_a_mapping() -> None:
    quiz, problems = parse_quiz(["a", "list"])
    assert quiz is None and problems[0].message.startswith("must be a mapping")


@pytest.mark.parametrize(
    ("tolerance", "expected", "given", "ok"),
    [
        (Tolerance("relative", 0.1), 100.0, 110.0, True),
        (Tolerance("relative", 0.1), 100.0, 110.5, False),
        (Tolerance("relative", 0.1), 100.0, 90.0, True),
        (Tolerance("absolute", 5.0), 20.0, 25.0, True),
        (Tolerance("absolute", 5.0), 20.0, 25.01, False),
        (Tolerance("magnitude"), 1000.0, 3100.0, True),
        (Tolerance("magnitude"), 1000.0, 3200.0, False),
        (Tolerance("magnitude"), 1000.0, 320.0, True),
        (Tolerance("magnitude"), 1000.0, 310.0, False),
        (Tolerance("magnitude"), 1000.0, 0.0, False),
    ],
)
def test_tolerance_edges(tolerance: Tolerance, expected: float, given: float, ok: bool) -> None:
    assert tolerance.accepts(expected, given) is ok
