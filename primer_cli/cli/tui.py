"""`primer tui`: every part of primer in one keyboard-driven Textual app, in a terminal or a browser.

Arguments are checked first, with the same messages as the other commands
(a wrong topic suggests the nearest); Textual (about 160 ms to import) loads
only after that, and only here: no other command imports it. `--web` serves
the same app through textual-serve on 127.0.0.1, one app process per
browser tab, and needs no terminal; without `--web` a terminal is required,
since a Textual app with no terminal would hang.
"""

from __future__ import annotations

import os
import shlex
import sys
from typing import TYPE_CHECKING

import typer

from primer_cli.cli._app import PrimerTyper, print_error
from primer_cli.cli.learn import complete_topic
from primer_cli.errors import EXIT_USAGE, UsageProblem

if TYPE_CHECKING:
    from primer_cli.tui.start import Start

EXIT_INTERRUPTED = 130
DEFAULT_PORT = 8000
LOOPBACK = "127.0.0.1"  # never another interface: the app reads and writes the learner's store
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve runs each app with
ALL_TOPICS = ""  # `--quiz` without a topic


def tui(
    topic: str | None = typer.Option(
        None,
        "--topic",
        "-t",
        metavar="TOPIC",
        help="Open this topic: an id, title or alias.",
        autocompletion=complete_topic,
        show_default=False,
    ),
    demo: str | None = typer.Option(
        None,
        "--demo",
        "-d",
        metavar="DEMO",
        help="Open this demo: hashring, cache, ...",
        show_default=False,
    ),
    quiz: bool = typer.Option(
        False, "--quiz", "-z", help="Start a quiz: on TOPIC if given, else on every topic."
    ),
    quiz_topic: str | None = typer.Argument(
        None,
        metavar="[TOPIC]",
        help="With --quiz, the quiz's topic; alone, the same as --topic.",
        autocompletion=complete_topic,
        show_default=False,
    ),
    web: bool = typer.Option(
        False, "--web", help=f"Serve the app to a browser on {LOOPBACK} instead of this terminal."
    ),
    port: int = typer.Option(
        DEFAULT_PORT, "--port", "-p", min=1, max=65535, help="Port for --web."
    ),
) -> None:
    """The whole primer in one app: read, watch demos, quiz, estimate and see your progress."""
    if not quiz and quiz_topic is not None:
        if topic is not None:
            raise UsageProblem("give the topic once: as --topic or as TOPIC", param="--topic")
        topic = quiz_topic
    start = _start(topic, demo, (quiz_topic or ALL_TOPICS) if quiz else None)
    if web:
        _serve(start, port)
        return
    if not _has_terminal():
        print_error(
            "primer tui needs a terminal: stdin or stdout is not one.",
            hint="Run it in a terminal, or `primer tui --web` to use it in a browser.",
        )
        raise typer.Exit(EXIT_USAGE)
    from primer_cli.tui.app import make_app  # Textual loads here, and only here

    app = make_app(start)
    app.run()
    if app.return_code:  # 130 after Ctrl-C
        raise typer.Exit(app.return_code)


def _start(topic: str | None, demo: str | None, quiz: str | None) -> Start:
    from primer_cli.tui.start import Start

    chosen = [
        flag
        for flag, value in (("--topic", topic), ("--demo", demo), ("--quiz", quiz))
        if value is not None
    ]
    if len(chosen) > 1:
        raise UsageProblem(f"choose one of {' and '.join(chosen)}", param=chosen[-1])
    return Start(
        topic=_topic_id(topic, "--topic"),
        demo=_demo_name(demo),
        quiz_topic=ALL_TOPICS if quiz == ALL_TOPICS else _topic_id(quiz, "--quiz"),
    )


def _topic_id(name: str | None, param: str) -> str | None:
    if name is None:
        return None
    from primer_cli.topics.store import library

    try:
        return library().find(name).id
    except UsageProblem as problem:  # the same "did you mean" as `primer learn`, on this option
        raise UsageProblem(problem.message, param=param, hint=problem.hint) from None


def _demo_name(name: str | None) -> str | None:
    if name is None:
        return None
    from primer_cli.sim.catalog import demo_names

    known = demo_names()
    if name.lower() not in known:
        from primer_cli.cli.demo import unknown_demo_message

        raise UsageProblem(unknown_demo_message(name, known), param="--demo")
    return name.lower()


def _has_terminal() -> bool:
    """A person at a terminal, or textual-serve's web driver standing in for one."""
    if os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER:
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def app_command(start: Start) -> str:
    """The shell command textual-serve runs for each browser tab: this primer, opening at `start`."""
    words = [sys.executable, "-m", "primer_cli", "tui"]
    if start.topic is not None:
        words += ["--topic", start.topic]
    if start.demo is not None:
        words += ["--demo", start.demo]
    if start.quiz_topic is not None:
        words += ["--quiz", start.quiz_topic] if start.quiz_topic else ["--quiz"]
    return shlex.join(words)


def _serve(start: Start, port: int) -> None:
    from primer_cli.tui.serving import serve

    try:
        serve(app_command(start), host=LOOPBACK, port=port)
    except OSError as error:  # the port is taken, or not ours to bind
        print_error(
            f"cannot serve on {LOOPBACK}:{port}: {error.strerror or error}",
            hint="Choose another port with --port N.",
        )
        raise typer.Exit(1) from None
    # textual-serve returns only once a signal asked it to stop.
    raise typer.Exit(EXIT_INTERRUPTED)


def register(app: PrimerTyper) -> None:
    app.command(rich_help_panel="All in one")(tui)
