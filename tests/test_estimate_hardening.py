"""One test per class of mistake a new user found in `primer estimate` (issue #12).

Each class was fixed at its cause; each test runs the command as a person
would and checks the exit code, that no traceback reaches stderr, and the
exact refusal or the exact right number.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.estimate.latency_expression import NO_RATE
from tests.test_estimate_layout import COMMANDS

STORAGE = ("estimate", "storage", "--count", "10M", "--per", "month")
COMMA = "has a comma that is not a thousands separator: write 1.5, or 1,500"


def invoke(runner: CliRunner, *args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def refusal(runner: CliRunner, *args: str) -> str:
    """The error message of a refused command, unwrapped from its box, after checking exit 2."""
    result = invoke(runner, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    return " ".join(result.stderr.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def number(runner: CliRunner, key: str, *args: str) -> Any:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    value: Any = json.loads(result.stdout)
    for part in key.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            (*STORAGE, "--size", "1 500 KB"),
            "Invalid value for --size: '1 500 KB' has a second number, '500': write one, "
            "such as 1500 or 1,500.",
        ),
        (
            (*STORAGE, "--size", "10 000 B"),
            "Invalid value for --size: '10 000 B' has a second number, '000': write one, "
            "such as 1500 or 1,500.",
        ),
        (
            (*STORAGE, "--size", "5 typo GB"),
            "Invalid value for --size: '5 typo GB' has an unknown unit 'typo'.",
        ),
        (
            ("estimate", "convert", "5 GB", "--to", "2 GB"),
            "Invalid value for --to: '2 GB' is not a unit; give a unit alone, such as /s, "
            "/month, Mbps, MB/s, GB, GiB, ms or million",
        ),
    ],
)
def test_a_quantity_is_understood_whole_or_refused_naming_the_part(
    runner: CliRunner, args: tuple[str, ...], expected: str
) -> None:
    """'1 500 KB' was read as 1 KB and '5 typo GB' as 5 GB: no word is skipped any more."""
    assert expected in refusal(runner, *args)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (
            "½ * disk-seek",
            "Invalid value for 'EXPRESSION': '½ * disk-seek' repeats by '½', which is not a "
            "number; write a count such as 2 or 0.5, as in 2 * disk-seek",
        ),
        (
            "@@ disk-seek",
            "Invalid value for 'EXPRESSION': '@@ disk-seek' is neither an operation from the "
            "latency table nor a duration like 5ms. Did you mean disk-seek or read-1mb-disk?",
        ),
        (
            "disk-seek.",
            "Invalid value for 'EXPRESSION': 'disk-seek.' is neither an operation from the "
            "latency table nor a duration like 5ms. Did you mean disk-seek?",
        ),
    ],
)
def test_operation_names_match_exactly_never_after_dropping_characters(
    runner: CliRunner, expression: str, expected: str
) -> None:
    """'½ * disk-seek' gave 10 ms and '@@ disk-seek' was accepted."""
    assert expected in refusal(runner, "estimate", "latency", expression)
    for spelling in ("Disk seek", "DISK_SEEK", "disk-seek", "disk seek * 1", "1 x disk-seek"):
        assert number(runner, "total_ns", "estimate", "latency", spelling) == 10_000_000


def test_a_path_that_takes_no_time_has_no_rate(runner: CliRunner) -> None:
    """'0 * disk-seek' printed 'per second 0 /s'."""
    table = invoke(runner, "estimate", "latency", "0 * disk-seek")
    assert table.exit_code == 0
    assert NO_RATE in " ".join(table.stdout.split())
    assert "/s" not in table.stdout
    assert number(runner, "sequential_per_second", "estimate", "latency", "0 * disk-seek") is None


@pytest.mark.parametrize(
    ("flag", "args", "key", "at_1500"),
    [
        ("--count", ("estimate", "qps", "--per", "day"), "per_day", 1500),
        ("--years", (*STORAGE, "--size", "1KB"), "years", 1500),
        ("--peak-factor", ("estimate", "qps", "--rate", "1/s"), "peak_factor", 1500),
        ("--read-ratio", ("estimate", "qps", "--rate", "1/s"), "read_ratio", 1500),
        ("--per-server", ("estimate", "servers", "--qps", "1M"), "per_server", 1500),
        ("--replicas", (*STORAGE, "--size", "1KB"), "replicas", None),  # 1,500 is over the limit
    ],
)
def test_a_comma_separates_thousands_everywhere_and_nothing_else(
    runner: CliRunner, flag: str, args: tuple[str, ...], key: str, at_1500: float | None
) -> None:
    """'--years 1,5' was read as 15 and '--count 1,5' refused: one rule now, for every option."""
    assert f"Invalid value for {flag}: '1,5' {COMMA}" in refusal(runner, *args, flag, "1,5")
    assert f"Invalid value for {flag}: '1,50' {COMMA}" in refusal(runner, *args, flag, "1,50")
    if at_1500 is not None:
        assert number(runner, key, *args, flag, "1,500") == at_1500


def test_minus_zero_is_zero(runner: CliRunner) -> None:
    """'-0' printed '-0 bps' and '"read_ratio": -0.0'."""
    args = ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB")
    ratio = number(runner, "inputs.read_ratio", *args, "--read-ratio", "-0")
    assert ratio == 0 and math.copysign(1, ratio) == 1
    egress = number(runner, "summary.egress_bytes_per_second", *args, "--read-ratio", "-0")
    assert egress == 0 and math.copysign(1, egress) == 1
    table = invoke(runner, *args, "--read-ratio", "-0").stdout
    assert "-0" not in table
    assert "Bandwidth out" in table and "0 bps" in table
    converted = invoke(runner, "estimate", "convert", "--json", "--", "-0 bps")
    assert json.loads(converted.stdout)["value"] == 0
    assert "'-5' is negative" in refusal(runner, "estimate", "qps", "--count", "-5", "--per", "day")


def test_every_answer_is_checked_with_the_bounds_of_its_flag(runner: CliRunner) -> None:
    """The wizard took 5,000 copies, then lost all seven answers at --replicas."""
    from primer_cli.cli.estimate import flag
    from primer_cli.cli.estimate_wizard import QUESTIONS
    from primer_cli.errors import UsageProblem

    system = ("estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB")
    checked = 0
    for question in QUESTIONS:
        option = flag(question.parameter.name)
        for bad in ("5,000", "0", "-1", "abc", "1,5"):
            try:
                question.read(bad)
            except UsageProblem as problem:
                wizard = problem.message
            else:
                wizard = None
            if option in system or question.parameter.name == "reads_per_user":
                continue  # given above, or asked only by the wizard
            flags = refusal(runner, *system, option, bad) if wizard else None
            assert (wizard is None) == (flags is None)
            if wizard and flags:
                assert wizard in flags, (option, bad)
                checked += 1
    assert checked >= 10
    replicas = next(q for q in QUESTIONS if q.parameter.name == "replicas")
    with pytest.raises(UsageProblem, match="Expected a whole number from 1 to 1,000"):
        replicas.read("5,000")


def test_an_option_where_its_value_should_be_is_not_called_negative(runner: CliRunner) -> None:
    """'estimate qps --count --' said \"'--' is negative\"."""
    message = refusal(runner, "estimate", "qps", "--count", "--")
    assert "Invalid value for --count: '--' does not start with a number." in message
    assert "negative" not in message


def test_the_wizard_without_any_stdin_lists_the_calculators(tmp_path: Any) -> None:
    """'primer estimate <&-' raised on isatty() of a closed stdin."""
    result = subprocess.run(
        [sys.executable, "-m", "primer_cli", "estimate"],
        stdin=None,
        capture_output=True,
        text=True,
        preexec_fn=lambda: os.close(0),  # what the shell's <&- does
        env={**os.environ, "NO_COLOR": "1"},
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "the guided wizard needs a terminal" in result.stderr
    assert "qps " in result.stderr and result.stdout == ""


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_stdout_that_takes_only_ascii_gets_ascii(args: tuple[str, ...]) -> None:
    """With PYTHONIOENCODING=ascii the tables raised UnicodeEncodeError on '×'."""
    runner = CliRunner(charset="ascii")  # a strict ASCII stdout, as PYTHONIOENCODING=ascii gives
    for extra in ((),) if "-h" in args else ((), ("--json",)):
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 0, (args, extra, result.exception)
        assert result.stdout.isascii()
        if extra:
            json.loads(result.stdout)


def test_ascii_output_in_a_real_process() -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "80"}
    for args in (
        ["estimate", "latency", "2 * disk-seek + 5 µs"],
        ["estimate", "system", "--users", "10M", "--per-user", "2", "--size", "1KB"],
        ["numbers", "latency"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "primer_cli", *args],
            capture_output=True,
            env=environment,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr
        result.stdout.decode("ascii")  # raises if anything else got through
