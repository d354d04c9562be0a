"""Issue #12, class by class: hostile files, paths, streams and signals, each a table of cases.

Every case asserts the exit code and that stderr holds no traceback; where
the class is a wrong or misleading answer, it asserts the exact message.
The randomised cases of the same classes are in tests/test_fuzz.py.

Tiers: a case that costs 30 ms of CPU or more is marked slow (tests/tiers.py
says why), except one case of each class, kept in the quick tier as its canary.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from primer_cli import paths
from primer_cli.cli import app
from primer_cli.topics.store import library
from tests.conftest import REPO
from tests.hostile import assert_clean, line_of, run_main, tiny_tree

# --- YAML values that parse but do not convert --------------------------------

CONVERTING = [
    # (how the line is rewritten, the exact problem reported, or None when it is valid text)
    ("order: !!int abc", "field 'order' must be a whole number from 1 up, not 'abc'"),
    (
        "order: " + "9" * 5000,
        "field 'order' must be a whole number from 1 up, not "
        "'9999999999999999999999999999999999999999… (5,000 characters)'",
    ),
    ("title: 2001-13-45", None),
    ("order: !!float x", "field 'order' must be a whole number from 1 up, not 'x'"),
    ("order: 2001-13-45", "field 'order' must be a whole number from 1 up, not '2001-13-45'"),
    ("order: 2001-12-14", "field 'order' must be a whole number from 1 up, not '2001-12-14'"),
    (
        "order: !!timestamp yesterday",
        "field 'order' must be a whole number from 1 up, not 'yesterday'",
    ),
    ("order: !!bool maybe", "field 'order' must be a whole number from 1 up, not 'maybe'"),
    ("order: !!int ''", "field 'order' must be a whole number from 1 up, not ''"),
    ("order: !custom 7", "field 'order' must be a whole number from 1 up, not '7'"),
    ("title: 2001-12-14", None),
    (
        "title: a\x1fb",
        "is not valid YAML: it holds the control character U+001F, which YAML does not allow",
    ),
    ("title: !!python/object:os.system echo", None),
]


def _tiered(cases: list[object], quick: int) -> list[object]:
    """The first `quick` cases in the quick tier, the rest in the slow one (`pytest -m slow`)."""
    return [
        case if i < quick else pytest.param(*case, marks=pytest.mark.slow)  # type: ignore[misc]
        for i, case in enumerate(cases)
    ]


@pytest.mark.parametrize(("line", "problem"), _tiered(CONVERTING, 1), ids=lambda v: str(v)[:30])
def test_values_that_do_not_convert_are_reported_by_check_and_learn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, problem: str | None
) -> None:
    content, quizzes, path = tiny_tree(tmp_path)
    field = line.split(":")[0]
    number = line_of(path, f"{field}:")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    checked = run_main(monkeypatch, ["check", str(content), "--quizzes", str(quizzes)])
    monkeypatch.setenv("PRIMER_CONTENT", str(content))
    library.cache_clear()
    learned = run_main(monkeypatch, ["learn", "cap", "--no-pager"])
    if problem is None:
        assert_clean(checked.code, 0, checked.err)
        assert_clean(learned.code, 0, learned.err)
        assert line.split(": ", 1)[1].split()[-1] in learned.out.decode()  # shown as written
        return
    for ran in (checked, learned):
        assert_clean(ran.code, 1, ran.err)
        assert f"{path}:{number}: {problem}" in ran.err


# --- Keys: null, repeated, not text -------------------------------------------


def test_a_null_key_is_named_as_written_at_its_line(tmp_path: Path) -> None:
    from primer_cli.topics.loader import load_topic_file

    _, _, path = tiny_tree(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "null: 1\n", encoding="utf-8")
    _, problems = load_topic_file(path)
    assert [p.describe() for p in problems] == [
        f"{path}:{line_of(path, 'null:')}: field 'null' is not a known field (allowed: aliases, "
        "category, disadvantages, id, key_points, order, related, schema, sections, sources, "
        "summary, title, tradeoffs)"
    ]


@pytest.mark.parametrize("folder", ["content", "quizzes"])
def test_a_key_given_twice_is_refused_in_topics_and_questions(tmp_path: Path, folder: str) -> None:
    from primer_cli.yamlsource import read_yaml

    _, quizzes, topic_path = tiny_tree(tmp_path)
    path = topic_path if folder == "content" else quizzes / "cap-theorem.yaml"
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    path.write_text(text + first_line + "\n", encoding="utf-8")
    _, _, problems = read_yaml(path)
    key = first_line.split(":")[0]
    assert [p.describe() for p in problems] == [
        f"{path}:{len(text.splitlines()) + 1}: is not valid YAML: found the key '{key}' twice "
        "(first on line 1)"
    ]


def test_a_key_that_is_a_list_is_refused_with_its_line(tmp_path: Path) -> None:
    from primer_cli.yamlsource import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text("id: x\n? [a, b]\n: c\n", encoding="utf-8")
    _, _, problems = read_yaml(path)
    assert [p.describe() for p in problems] == [
        f"{path}:2: is not valid YAML: found a key that is not text"
    ]


# --- Files that are not small regular files -------------------------------------


def _make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "is a named pipe (FIFO), not a regular file: not read"


def _link_to_dev_zero(path: Path) -> str:
    path.symlink_to("/dev/zero")
    return "is a character device, not a regular file: not read"


def _huge_list(path: Path) -> str:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("- x\n" * 300_000)  # 1.2 MB
    return "is larger than 1 MB: not read (content files are small)"


def _dangling(path: Path) -> str:
    path.symlink_to(path.parent / "nowhere.yaml")
    return f"is a symbolic link to {path.parent / 'nowhere.yaml'}, which cannot be followed"


def _loop(path: Path) -> str:
    path.symlink_to(path)
    return f"is a symbolic link to {path}, which cannot be followed"


def _directory(path: Path) -> str:
    path.mkdir()
    return "is a directory, not a regular file: not read"


def _not_utf8(path: Path) -> str:
    path.write_bytes(b"id: caf\xe9\n")
    return "is not UTF-8 text (byte 8 cannot be decoded)"


ODD_FILES = [_make_fifo, _link_to_dev_zero, _huge_list, _dangling, _loop, _directory, _not_utf8]


@pytest.mark.parametrize(
    "make",
    [ODD_FILES[0], *(pytest.param(make, marks=pytest.mark.slow) for make in ODD_FILES[1:])],
    ids=lambda f: f.__name__.strip("_"),
)
def test_odd_files_in_a_content_directory_are_reported_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    content, quizzes, _ = tiny_tree(tmp_path)
    odd = content / "odd.yaml"
    problem = make(odd)  # type: ignore[operator]
    started = time.monotonic()
    checked = run_main(monkeypatch, ["check", str(content), "--quizzes", str(quizzes)])
    monkeypatch.setenv("PRIMER_CONTENT", str(content))
    learned = run_main(monkeypatch, ["learn", "cap", "--no-pager"])
    assert time.monotonic() - started < 10  # a FIFO used to block forever
    for ran in (checked, learned):
        assert_clean(ran.code, 1, ran.err)
        assert f"{odd}: {problem}" in ran.err


# --- PRIMER_CONTENT and PRIMER_QUIZZES that are not directories ----------------


def _missing(tmp: Path) -> tuple[Path, str]:
    return tmp / "missing", "does not exist"


def _file(tmp: Path) -> tuple[Path, str]:
    (tmp / "file").write_text("x")
    return tmp / "file", "is a file, not a directory"


def _dangling_dir(tmp: Path) -> tuple[Path, str]:
    (tmp / "link").symlink_to(tmp / "gone")
    return tmp / "link", f"is a symbolic link to {tmp / 'gone'}, which does not exist"


def _loop_dir(tmp: Path) -> tuple[Path, str]:
    (tmp / "loop").symlink_to(tmp / "loop")
    return tmp / "loop", "is a symbolic link that leads back to itself"


BAD_DIRECTORIES = [_missing, _file, _dangling_dir, _loop_dir]
READERS = [
    ["learn", "cap"],
    *(
        pytest.param(args, marks=pytest.mark.slow, id=" ".join(args))
        for args in (["topics"], ["search", "cache"], ["quiz", "--list"], ["next"])
    ),
]


@pytest.mark.parametrize("make", BAD_DIRECTORIES, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_bad_primer_content_is_named_with_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object, args: list[str]
) -> None:
    where, reason = make(tmp_path)  # type: ignore[operator]
    monkeypatch.setenv("PRIMER_CONTENT", str(where))
    ran = run_main(monkeypatch, args)
    assert_clean(ran.code, 1, ran.err)
    assert f"Error: PRIMER_CONTENT is '{where}', which {reason}." in ran.err
    assert "Point PRIMER_CONTENT at a directory of topic files" in ran.err


@pytest.mark.parametrize("make", BAD_DIRECTORIES, ids=lambda f: f.__name__.strip("_"))
def test_check_names_a_bad_directory_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    where, reason = make(tmp_path)  # type: ignore[operator]
    ran = run_main(monkeypatch, ["check", str(where)])
    assert_clean(ran.code, 2, ran.err)
    # The panel may wrap a long path anywhere: compare without the box and the spaces.
    assert "".join(f"{where}{reason}".split()) in "".join(ran.err.replace("│", "").split())


def test_a_directory_named_like_markup_is_printed_as_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, quizzes, _ = tiny_tree(tmp_path / "a[red]b")
    ran = run_main(monkeypatch, ["check", str(content), "--quizzes", str(quizzes)])
    assert_clean(ran.code, 0, ran.err)
    assert f"✓ 1 topic in {content}: all valid.\n" in ran.out.decode()


@pytest.mark.parametrize("args", [["check", ""], ["check", "--quizzes", ""], ["check", "  "]])
def test_an_empty_directory_name_is_a_usage_mistake(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    ran = run_main(monkeypatch, args)
    assert_clean(ran.code, 2, ran.err)
    assert "the directory name is empty" in ran.err


# --- Shell completion with broken content ---------------------------------------


def _broken_yaml(tmp: Path) -> tuple[Path, str]:
    content, _, path = tiny_tree(tmp)
    path.write_text("id: [unclosed\n", encoding="utf-8")
    return content, ""


@pytest.mark.parametrize(
    "make",
    [*BAD_DIRECTORIES, pytest.param(_broken_yaml, marks=pytest.mark.slow)],
    ids=lambda f: f.__name__.strip("_"),
)
def test_completion_with_broken_content_offers_nothing_and_prints_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    where, _ = make(tmp_path)  # type: ignore[operator]
    monkeypatch.setenv("PRIMER_CONTENT", str(where))
    monkeypatch.setenv("_PRIMER_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "primer learn ca")
    monkeypatch.setenv("COMP_CWORD", "2")
    ran = run_main(monkeypatch, [])
    assert_clean(ran.code, 0, ran.err)
    assert ran.out.decode().split() == []
    assert ran.err == ""


@pytest.mark.slow  # 0.12 s of CPU
def test_completion_still_completes_when_content_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PRIMER_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "primer learn cache-")
    monkeypatch.setenv("COMP_CWORD", "2")
    ran = run_main(monkeypatch, [])
    assert_clean(ran.code, 0, ran.err)
    assert set(ran.out.decode().split()) == {"cache-aside", "cache-locations"}


# --- Output streams: closed, full, ASCII-only; a closed stdin -------------------

EVERY_COMMAND = [
    ["learn", "cap", "--no-pager"],
    ["learn", "cap", "--json"],
    ["learn", "cap", "--markdown"],
    ["topics", "--no-pager"],
    ["topics", "--json"],
    ["search", "cache"],
    ["search", "cache", "--json"],
    ["check"],
    ["quiz", "--list"],
    ["quiz", "--list", "--json"],
    ["quiz", "cap", "-n", "2", "--seed", "1", "--answers", "-"],
    ["quiz", "cap", "-n", "1", "--seed", "1", "--json"],
    ["review"],
    ["progress"],
    ["progress", "--json"],
    ["next"],
    ["next", "--json"],
    ["estimate", "qps", "--count", "10M", "--per", "month"],
    ["estimate", "qps", "--count", "10M", "--per", "month", "--json"],
    ["numbers", "powers"],
    ["demo", "--list"],
    ["--version"],
    ["--help"],
]


# One command in the quick tier; every command in the slow one.
STREAM_CASES = [
    args if args == ["learn", "cap", "--json"] else pytest.param(args, marks=pytest.mark.slow)
    for args in EVERY_COMMAND
]


@pytest.mark.parametrize("args", STREAM_CASES, ids=" ".join)
def test_a_closed_stdout_is_an_error_said_on_stderr(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    ran = run_main(monkeypatch, args, stdout=None, stdin=io.StringIO("a\nb\n"))
    assert_clean(ran.code, 1, ran.err)
    assert ran.err.endswith("primer: could not write the output: standard output is closed\n")


@pytest.mark.parametrize("args", STREAM_CASES, ids=" ".join)
def test_a_full_disk_is_an_error_said_on_stderr(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        ran = run_main(monkeypatch, args, stdout=full, stdin=io.StringIO("a\nb\n"))
    assert_clean(ran.code, 1, ran.err)
    assert ran.err.endswith("primer: could not write the output: No space left on device\n")


@pytest.mark.parametrize("args", STREAM_CASES, ids=" ".join)
def test_an_ascii_terminal_gets_ascii_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    ran = run_main(monkeypatch, args, encoding="ascii", stdin=io.StringIO("a\nb\n"))
    assert_clean(ran.code, 0, ran.err)
    assert ran.out.decode("ascii")  # every byte is ASCII, and something was printed


def test_ascii_stand_ins_keep_the_width_of_what_they_replace() -> None:
    from rich.cells import cell_len

    from primer_cli.cli._streams import ERRORS

    text = "╭─ ✓ café · 10 µs ≈ 2× — “ok” … → █░ ─╮"
    ascii_text = text.encode("ascii", ERRORS).decode("ascii")
    assert ascii_text == '+- + cafe * 10 us ~ 2x - "ok" . > #. -+'
    assert cell_len(ascii_text) == cell_len(text)


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["estimate"], 2),
        pytest.param(["quiz", "cap", "-n", "1"], 0, marks=pytest.mark.slow),
        (["progress", "--reset"], 2),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else str(v),
)
def test_a_closed_stdin_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch, args: list[str], code: int
) -> None:
    ran = run_main(monkeypatch, args, stdin=None)
    assert_clean(ran.code, code, ran.err)


@pytest.mark.slow  # six processes: 2 s of CPU
def test_the_shell_forms_of_the_stream_cases(tmp_path: Path) -> None:
    """The same cases as a shell produces them, once each, through the installed entry point."""
    primer = f"{sys.executable} -m primer_cli"
    env = {**os.environ, "PRIMER_HOME": str(tmp_path), "COLUMNS": "80"}
    cases = [
        (f"{primer} learn cap --json >&-", 1, "could not write the output"),
        (f"{primer} topics >&-", 1, "could not write the output"),
        (f"{primer} topics >/dev/full", 1, "No space left on device"),
        (f"PYTHONIOENCODING=ascii {primer} learn cap --no-pager >/dev/null", 0, ""),
        (f"LC_ALL=C PYTHONUTF8=0 PYTHONCOERCECLOCALE=0 {primer} topics >/dev/null", 0, ""),
        (f"{primer} estimate <&-", 2, "the guided wizard needs a terminal"),
    ]
    for command, code, said in cases:
        done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True)
        assert_clean(done.returncode, code, done.stderr)
        assert said in done.stderr, command


# --- The pager -------------------------------------------------------------------


@pytest.mark.parametrize("pager", ["false", "nonexistent-pager-xyz", "exit 3", "kill -9 $$"])
def test_a_pager_that_fails_leaves_the_text_printed(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], pager: str
) -> None:
    from primer_cli.cli._pager import page

    monkeypatch.setenv("PAGER", pager)
    page("the whole page\n")
    assert capfd.readouterr().out.count("the whole page") == 1


def test_a_pager_that_works_shows_the_text_once(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from primer_cli.cli._pager import page

    monkeypatch.setenv("PAGER", "cat")
    page("the whole page\n")
    assert capfd.readouterr().out.count("the whole page") == 1


# --- Where caches go ------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"HOME": ""}, None),
        ({"HOME": "relative/home"}, None),
        ({"HOME": "/"}, None),
        ({"HOME": "/home/ada", "XDG_CACHE_HOME": "cache"}, "/home/ada/.cache/primer"),
        ({"HOME": "/home/ada", "XDG_CACHE_HOME": "/var/cache/ada"}, "/var/cache/ada/primer"),
        ({"HOME": "", "XDG_CACHE_HOME": "/var/cache/ada"}, "/var/cache/ada/primer"),
    ],
)
def test_the_cache_goes_only_where_the_xdg_rules_allow(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str | None
) -> None:
    monkeypatch.delenv("PRIMER_HOME")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    found = paths.cache_dir()
    assert (None if found is None else str(found)) == expected


@pytest.mark.slow  # 0.14 s of CPU
def test_no_home_means_no_cache_and_reading_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PRIMER_HOME")
    monkeypatch.setenv("HOME", "")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("XDG_DATA_HOME", "relative")
    result = runner.invoke(app, ["learn", "cap", "--no-pager"])
    assert result.exit_code == 0 and "CAP theorem" in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written into the current directory
    quiz = runner.invoke(app, ["next"])
    assert quiz.exit_code == 1
    assert "Set PRIMER_HOME to the directory primer should use." in quiz.stderr


# --- Long arguments ---------------------------------------------------------------


def test_a_very_long_topic_name_answers_at_once(
    monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    name = "a" * 131_000
    library()  # loading the content is not what is measured
    started = time.process_time()
    result = runner.invoke(app, ["learn", name])
    assert time.process_time() - started < 1.0
    assert result.exit_code == 2
    assert "No topic matches 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (131,000 characters)'" in (
        " ".join(result.stderr.replace("│", " ").split())
    )


# --- Ctrl-C while primer starts ---------------------------------------------------

_INTERRUPT_DURING_IMPORT = """
import builtins, os, signal, sys
real_import = builtins.__import__
def interrupting(name, *args, **kwargs):
    if name == {module!r}:
        os.kill(os.getpid(), signal.SIGINT)  # as if Ctrl-C came while this module loads
    return real_import(name, *args, **kwargs)
builtins.__import__ = interrupting
sys.argv = ["primer", "topics", "--no-pager"]
from primer_cli.__main__ import main
main()
"""


@pytest.mark.parametrize(
    "module",
    [
        "typer",
        *(
            pytest.param(name, marks=pytest.mark.slow)  # a process each: 0.2-0.35 s of CPU
            for name in ("rich", "yaml", "primer_cli.render.topic")
        ),
    ],
)
def test_ctrl_c_while_starting_exits_130_in_silence(tmp_path: Path, module: str) -> None:
    env = {**os.environ, "PRIMER_HOME": str(tmp_path), "PRIMER_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPT_DURING_IMPORT.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert_clean(done.returncode, 130, done.stderr)
    assert done.stderr == "" and done.stdout == ""
