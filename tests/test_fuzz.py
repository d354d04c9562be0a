"""Issue #12, randomised: new cases of each class in tests/test_hardening.py, made up by hypothesis.

Each property runs twice: with a few examples in the quick tier and with
many more in the slow one (`pytest -m slow`, and CI). A failing example is
printed by hypothesis and belongs as a row in tests/test_hardening.py.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from primer_cli.cli import app
from primer_cli.cli._streams import ERRORS
from primer_cli.topics.store import library
from tests.hostile import assert_clean, run_main, tiny_tree

TIERS = [
    pytest.param(10, id="quick"),
    pytest.param(400, id="wide", marks=pytest.mark.slow),
]


def examples(count: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- YAML that parses but does not convert --------------------------------------

TAGS = ["!!int", "!!float", "!!bool", "!!timestamp", "!!str", "!!null", "!!binary", "!!set",
        "!!omap", "!!python/object:os.system", "!!python/name:os.system", "!custom", "!"]  # fmt: skip
scalars = st.one_of(
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.builds(lambda n: "9" * n, st.integers(4000, 6000)),
    st.builds("{} {}".format, st.sampled_from(TAGS), st.text(max_size=20)),
    st.sampled_from(
        [
            "~",
            "null",
            "yes",
            "no",
            "on",
            ".nan",
            "-.inf",
            "0x1F",
            "0o17",
            "1_000",
            "1:30",
            "1e400",
            "''",
            '""',
            "[]",
            "{}",
            "&a x",
            "*a",
            "|",
            ">",
        ]
    ),
    st.text(max_size=40),
)


def checked(monkeypatch: pytest.MonkeyPatch, content: Path, quizzes: Path) -> str:
    """`primer check` on the tree, as the command runs: 0 or 1, never a traceback; stderr."""
    ran = run_main(monkeypatch, ["check", str(content), "--quizzes", str(quizzes)])
    assert_clean(ran.code, 1 if ran.err else 0, ran.err)
    return ran.err


def assert_located(err: str, path: Path) -> None:
    """Every problem names the file (and a line where there is one), in a line of sane length."""
    problems = [line.strip() for line in err.splitlines() if line.startswith("  ")]
    assert problems, err
    for problem in problems:
        assert problem.startswith(f"{path}:"), problem
        assert len(problem) < 1000  # long values are shortened, never pasted whole


@pytest.mark.parametrize("count", TIERS)
def test_no_value_in_a_topic_field_gets_past_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    content, quizzes, path = tiny_tree(tmp_path)
    original = path.read_text(encoding="utf-8")

    @examples(count)
    @given(field=st.sampled_from(["order", "title", "category", "id", "schema"]), value=scalars)
    def check(field: str, value: str) -> None:
        edited = re.sub(rf"(?m)^{field}: .*$", lambda _: f"{field}: {value}", original, count=1)
        path.write_text(edited, encoding="utf-8")
        err = checked(monkeypatch, content, quizzes)
        if err:
            assert_located(err, path)

    check()


keys = st.one_of(
    st.sampled_from(["null", "~", "true", "1", "1.5", "2001-01-01", "<<", "? x", "'title'"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12),
)


@pytest.mark.parametrize("count", TIERS)
def test_no_key_in_a_topic_file_gets_past_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    content, quizzes, path = tiny_tree(tmp_path)
    original = path.read_text(encoding="utf-8")

    @examples(count)
    @given(key=keys, value=scalars)
    def check(key: str, value: str) -> None:
        path.write_text(f"{original}{key}: {value}\n", encoding="utf-8")
        err = checked(monkeypatch, content, quizzes)
        if err:
            assert_located(err, path)

    check()


@pytest.mark.parametrize("count", TIERS)
def test_no_bytes_in_a_content_file_get_past_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    content, quizzes, _ = tiny_tree(tmp_path)
    path = content / "any.yaml"

    @examples(count)
    @given(data=st.binary(max_size=300))
    def check(data: bytes) -> None:
        path.write_bytes(data)
        err = checked(monkeypatch, content, quizzes)
        assert_located(err, path)  # never a topic: at least its id cannot match its name

    check()


# --- Hostile values of PRIMER_CONTENT ---------------------------------------------

environment_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
    min_size=1,
    max_size=300,
)


@pytest.mark.parametrize("count", TIERS)
def test_any_primer_content_is_read_or_named_as_the_problem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, count: int
) -> None:
    monkeypatch.chdir(tmp_path)

    @examples(count)
    @given(value=st.one_of(environment_text, st.builds(lambda n: "d/" * n, st.integers(1, 3000))))
    def check(value: str) -> None:
        monkeypatch.setenv("PRIMER_CONTENT", value)
        library.cache_clear()
        ran = run_main(monkeypatch, ["topics", "--json"])
        if os.path.isdir(value):  # ".", "/", "..": read, and whatever is there is reported
            assert_clean(ran.code, ran.code if ran.code in (0, 1) else -1, ran.err)
        else:
            assert_clean(ran.code, 1, ran.err)
            assert ran.err.startswith("Error: PRIMER_CONTENT is '")
            assert "which" in ran.err and len(ran.err) < 1000  # quoted, escaped, shortened

    check()


# --- Streams that cannot show Unicode ------------------------------------------------


@pytest.mark.parametrize("count", TIERS)
def test_any_text_reaches_an_ascii_stream_at_the_same_width(count: int) -> None:
    @examples(count)
    @given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
    def check(text: str) -> None:
        stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors=ERRORS)
        stream.write(text)
        stream.flush()
        shown = stream.buffer.getvalue().decode("ascii")  # type: ignore[attr-defined]
        assert cell_len(shown) == cell_len(text)

    check()


# --- Long and strange topic names ------------------------------------------------------

names = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda c, n, tail: c * n + tail,
        st.characters(),
        st.integers(1_000, 200_000),
        st.text(max_size=20),
    ),
)


@pytest.mark.parametrize(
    "count", [pytest.param(8, id="quick"), pytest.param(150, id="wide", marks=pytest.mark.slow)]
)
def test_any_topic_name_answers_within_a_second(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    library()  # loading the content is not what is measured

    @examples(count)
    @given(name=names)
    def check(name: str) -> None:
        started = time.process_time()
        ran = run_main(monkeypatch, ["learn", name, "--no-pager"])
        assert time.process_time() - started < 1.0
        # 0: a topic (or the clear best search hit) opened; 1: search hits listed; 2: no topic.
        assert_clean(ran.code, ran.code if ran.code in (0, 1, 2) else -1, ran.err)
        assert len(ran.err) < 2000, ran.err  # a long name is shortened when echoed

    check()


# --- Arguments of the reading and practising commands ------------------------------

words = st.one_of(
    st.sampled_from(
        [
            "cap",
            "",
            " ",
            "-",
            "--",
            "--json",
            "--no-pager",
            "-n",
            "0",
            "-1",
            "1e308",
            "NaN",
            "\t",
            "cache-",
            "ca p",
            "…",
            "é",
            "../",
            "*",
            "%s",
            "{}",
        ]
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        max_size=30,
    ),
)
COMMANDS = [["learn"], ["topics"], ["check"], ["quiz", "--list"], ["quiz", "-n", "1"],
            ["progress"], ["next"], ["review"]]  # fmt: skip


@pytest.mark.parametrize(
    "count", [pytest.param(5, id="quick"), pytest.param(300, id="wide", marks=pytest.mark.slow)]
)
def test_any_arguments_get_an_answer_or_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    runner = CliRunner()
    monkeypatch.setenv("COLUMNS", "80")

    @examples(count)
    @given(command=st.sampled_from(COMMANDS), extra=st.lists(words, max_size=4))
    def check(command: list[str], extra: list[str]) -> None:
        result = runner.invoke(app, [*command, *extra], input="")
        assert result.exit_code in (0, 1, 2), (command, extra, result.output)
        if result.exception is not None:
            assert isinstance(result.exception, SystemExit), repr(result.exception)

    check()
