"""Generated questions: every template, 100 seeds, answers checked by arithmetic written here.

The expected figure is computed in this file from the drawn parameters, with
its own constants, not by calling the estimate engine the templates use, so a
slip in either shows up as a disagreement.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from primer_cli.quiz.grading import grade
from primer_cli.quiz.presenting import present
from primer_cli.quiz.schema import Question, QuestionKind
from primer_cli.quiz.templates import TEMPLATES

DAY = 86_400
YEAR = 365.25 * DAY
MONTH = YEAR / 12

# The primer's latency table, in nanoseconds, typed again for the test.
LATENCY_NS = {
    "round-trip-same-datacenter": 500_000,
    "disk-seek": 10_000_000,
    "read-1mb-ssd": 1_000_000,
    "read-1mb-memory": 250_000,
    "read-4kb-random-ssd": 150_000,
    "read-1mb-disk": 30_000_000,
    "read-1mb-1gbps": 10_000_000,
    "compress-1kb-zippy": 10_000,
}


def smallest_bits(count: float) -> int:
    bits = 0
    while 2**bits < count:
        bits += 1
    return bits


Expected = Callable[[dict[str, float]], float]

EXPECTED: dict[str, Expected] = {
    "gen-qps-from-daily-users": lambda p: p["users"] * p["per_user"] / DAY,
    "gen-qps-peak-from-monthly": lambda p: p["per_month"] / MONTH * p["peak_factor"],
    "gen-storage-over-years": lambda p: (
        p["per_month"] * 12 * p["years"] * p["size"] * p["replicas"]
    ),
    "gen-bandwidth-mbps": lambda p: p["per_second"] * p["size"],  # bytes per second
    "gen-cache-hot-share": lambda p: p["per_day"] * p["size"] / 5,
    "gen-servers-with-headroom": lambda p: math.ceil(round(p["load"] / (p["per_server"] * 0.7), 9)),
    "gen-latency-request-path": lambda p: sum(LATENCY_NS[op] * n for op, n in p.items()) / 1e9,
    "gen-downtime-per-nines": lambda p: (1 - p["availability"]) * p["period_seconds"],
    "gen-availability-in-series": lambda p: math.prod(v for k, v in p.items()) * 100,
    "gen-availability-in-parallel": lambda p: (1 - p["availability"]) ** p["copies"] * YEAR,
    "gen-powers-of-two-values": lambda p: 2 ** p["bits"],
    "gen-powers-of-two-bits": lambda p: smallest_bits(p["count"]),
    "gen-bytes-to-bits": lambda p: p["megabytes_per_second"] * 1_000_000,
    "gen-transfer-time": lambda p: p["bytes"] * 8 / p["bits_per_second"],
}


def test_there_are_at_least_ten_templates_and_each_is_checked_here() -> None:
    assert len(TEMPLATES) >= 10
    assert {t.id for t in TEMPLATES} == set(EXPECTED)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_seed_gives_the_right_answer(template: object) -> None:
    for seed in range(100):
        question: Question = template.make(seed)  # type: ignore[attr-defined]
        params = dict(question.params)
        expected = EXPECTED[question.id](params)
        assert question.numeric is not None
        assert question.numeric.value == pytest.approx(expected, rel=1e-9), (seed, params)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_the_shown_answer_is_graded_right_and_a_tenfold_slip_wrong(template: object) -> None:
    for seed in range(0, 100, 7):
        question: Question = template.make(seed)  # type: ignore[attr-defined]
        presented = present(question, seed)
        assert question.numeric is not None
        assert grade(presented, question.numeric.text).correct, question.numeric.text
        slipped = question.numeric.value / question.numeric.unit_factor * 10
        assert not grade(presented, f"{slipped:.6g}").correct, (question.prompt, slipped)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_a_question_is_complete_and_reproducible(template: object) -> None:
    first: Question = template.make(42)  # type: ignore[attr-defined]
    assert first == template.make(42)  # type: ignore[attr-defined]
    assert first.kind is QuestionKind.NUMERIC and first.generated
    assert first.prompt and first.explanation and first.derivation
    assert first.tolerance is not None
    prompts = {template.make(seed).prompt for seed in range(30)}  # type: ignore[attr-defined]
    assert len(prompts) > 3, "the parameters should vary with the seed"


def test_templates_cite_real_topics() -> None:
    from primer_cli.topics.store import library

    ids = {t.id for t in library()}
    assert {t.topic for t in TEMPLATES} <= ids


# A derivation step's unit, and what one of it is in the answer's base unit.
BASE = {
    "/s": 1.0,
    "B": 1.0,
    "ns": 1e-9,
    "%": 100.0,
    "bit/s": 1 / 8,
    "server": 1.0,
    "bit": 1.0,
    "": 1.0,
}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_a_counted_unit_is_written_once_in_the_singular(template: object) -> None:
    """The formatter makes the plural ('33 bits'); a plural unit came out as '33 bitses'."""
    for seed in range(0, 100, 9):
        question: Question = template.make(seed)  # type: ignore[attr-defined]
        for step in question.derivation:
            noun = step.unit
            if noun.isalpha() and len(noun) > 2:
                assert not noun.endswith("s"), (question.id, step)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_the_derivation_ends_at_the_answer(template: object) -> None:
    for seed in range(0, 100, 9):
        question: Question = template.make(seed)  # type: ignore[attr-defined]
        last = question.derivation[-1]
        assert question.numeric is not None
        shown = last.value * BASE[last.unit]
        assert shown == pytest.approx(question.numeric.value, rel=1e-9), (question.id, last)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_given_step_is_in_the_prompt_or_a_rule(template: object) -> None:
    """A derivation starts from what the question said, not from figures it never gave."""
    question: Question = template.make(5)  # type: ignore[attr-defined]
    for step in question.derivation:
        if step.formula == "given":
            number = step.shown().split()[0].rstrip("%").replace(",", "")
            assert (
                number.rstrip("kMGTbn") in question.prompt.replace(",", "")
                or step.shown() in question.prompt
            ), (step, question.prompt)


# The JSON field of `primer estimate ... --json` that holds each template's answer, and its scale.
CHECKED_BY = {
    "gen-qps-from-daily-users": ("per_second", 1.0),
    "gen-qps-peak-from-monthly": ("peak_per_second", 1.0),
    "gen-storage-over-years": ("total_bytes", 1.0),
    "gen-bandwidth-mbps": ("bytes_per_second", 1.0),
    "gen-cache-hot-share": ("memory_bytes", 1.0),
    "gen-servers-with-headroom": ("servers", 1.0),
    "gen-latency-request-path": ("total_ns", 1e-9),
    "gen-downtime-per-nines": ("downtime_seconds", 1.0),
    "gen-availability-in-series": ("availability", 100.0),
    "gen-availability-in-parallel": ("downtime_seconds", 1.0),
}


@pytest.mark.parametrize(
    "template", [t for t in TEMPLATES if t.id in CHECKED_BY], ids=lambda t: t.id
)
def test_the_command_in_the_explanation_gives_the_same_answer(template: object) -> None:
    """'Check it: primer estimate ...' reproduces the answer, so a learner can rerun the working."""
    import json
    import shlex

    from typer.testing import CliRunner

    from primer_cli.cli import app

    field, scale = CHECKED_BY[template.id]  # type: ignore[attr-defined]
    for seed in range(0, 40, 7):
        question: Question = template.make(seed)  # type: ignore[attr-defined]
        command = question.explanation.split("Check it: ")[1]
        words = shlex.split(command)
        assert words[0] == "primer"
        result = CliRunner().invoke(app, [*words[1:], "--json"])
        assert result.exit_code == 0, (command, result.output)
        assert question.numeric is not None
        got = json.loads(result.stdout)[field] * scale
        assert got == pytest.approx(question.numeric.value, rel=1e-6), command
