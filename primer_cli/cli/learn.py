"""Reading commands: `learn`, `topics`, `search` and `check`.

`primer learn` is the command people run most, so this module keeps its
top-level imports to Typer: YAML, Rich and the renderers load inside the
commands (see benchmarks/bench_learn.py for the budget).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from primer_cli.cli._app import PrimerTyper, console, print_json
from primer_cli.errors import PrimerError, UsageProblem

READABLE_WIDTH = 100  # prose wider than this is tiring to read


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion: topic ids starting with what has been typed; none if content is broken."""
    try:
        from primer_cli.topics.store import library

        return [t.id for t in library() if t.id.startswith(incomplete.lower())]
    except Exception:  # whatever went wrong, a traceback must never land in the user's shell
        return []


def learn(
    topic: str = typer.Argument(
        ...,
        help="Topic id, title or alias: cap, 'CAP theorem', write-behind.",
        autocompletion=complete_topic,
        metavar="TOPIC",
        show_default=False,
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the topic's fields as JSON."),
    as_markdown: bool = typer.Option(
        False, "--markdown", help="Print the topic as plain Markdown."
    ),
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long topics in a terminal."),
) -> None:
    """Read a topic: summary, explanation, key points, tradeoffs, related topics, sources."""
    if as_json and as_markdown:
        raise UsageProblem("choose one of --json and --markdown", param="--markdown")
    from primer_cli.topics.store import library

    topics = library()
    found = topics.find(topic)
    if as_json:
        from primer_cli.topics.export import topic_to_dict

        print_json(topic_to_dict(found))
        return
    if as_markdown:
        from primer_cli.topics.export import to_markdown

        sys.stdout.write(to_markdown(found, topics))
    else:
        from primer_cli.render.topic import render_topic
        from primer_cli.sim.catalog import demos_for_topic

        show(render_topic(found, topics, demos_for_topic(found.id)), page=pager)
    _record_read(found.id)


def _record_read(topic_id: str) -> None:
    """Note the read for `primer progress`: one appended line, never the SQLite store."""
    from primer_cli.paths import reads_log_path
    from primer_cli.quiz.reads import record_read

    try:
        log = reads_log_path()
    except PrimerError:  # no home to keep it in: the page was shown, which is what matters
        return
    record_read(log, topic_id)


def show(renderable: object, *, page: bool) -> None:
    """Print once; in a terminal, hand output taller than the screen to a pager."""
    out = console()
    out.width = min(out.width, READABLE_WIDTH)
    with out.capture() as captured:
        out.print(renderable)
    text = captured.get()
    if page and out.is_terminal and text.count("\n") > out.height:
        from primer_cli.cli._pager import page as through_pager

        through_pager(text)
    else:
        sys.stdout.write(text)


def topics(
    as_json: bool = typer.Option(False, "--json", help="Print [{id, title, category}] as JSON."),
    pager: bool = typer.Option(
        True, "--pager/--no-pager", help="Page the list when it is taller than the terminal."
    ),
) -> None:
    """List every topic, grouped by category, with the first sentence of its summary."""
    from primer_cli.topics.store import library

    if as_json:
        print_json([{"id": t.id, "title": t.title, "category": t.category} for t in library()])
        return
    from primer_cli.render.topic import render_tree

    show(render_tree(library()), page=pager)


def search(
    query: list[str] = typer.Argument(
        ..., help="Words to look for.", metavar="QUERY...", show_default=False
    ),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="Show at most this many topics."),
    as_json: bool = typer.Option(
        False, "--json", help="Print [{id, title, score, snippet}] as JSON."
    ),
) -> None:
    """Search titles, aliases and text of every topic, best match first."""
    from primer_cli.topics.search import SearchIndex, terms_of
    from primer_cli.topics.store import library

    words = " ".join(query)
    if not terms_of(words):
        raise UsageProblem(f"'{words}' has no searchable words", param="QUERY")
    hits = SearchIndex(library()).search(words, limit=limit)
    if as_json:
        print_json(
            [
                {"id": h.topic.id, "title": h.topic.title, "score": h.score, "snippet": h.snippet}
                for h in hits
            ]
        )
    if not hits:
        raise PrimerError(
            f"No topic mentions '{words}'.", hint="Try fewer or broader words, or `primer topics`."
        )
    if not as_json:
        from primer_cli.render.topic import render_hits

        console().print(render_hits(hits))


def check(
    directory: str | None = typer.Argument(
        None,
        help="Content directory to check (default: the shipped topics).",
        metavar="DIRECTORY",
        show_default=False,
    ),
    quizzes: str | None = typer.Option(
        None,
        "--quizzes",
        help="Question bank to check against those topics (default: the shipped quizzes).",
        metavar="DIR",
        show_default=False,
    ),
) -> None:
    """Check every topic and question file against its schema and every cross-reference."""
    from primer_cli.checking import ContentError
    from primer_cli.paths import content_dir, quizzes_dir
    from primer_cli.quiz.bank import coverage_problems, load_bank
    from primer_cli.topics.loader import load_library

    target = content_dir() if directory is None else _directory(directory, "DIRECTORY")
    bank_dir = quizzes_dir() if quizzes is None else _directory(quizzes, "--quizzes")
    loaded = load_library(target)
    bank = load_bank(bank_dir, {t.id: t.order for t in loaded})
    thin = coverage_problems(bank, (t.id for t in loaded), bank_dir)
    if thin:
        raise ContentError(thin, what="question bank")
    from rich.markup import escape  # a directory named like `a[x]` is a path, not markup

    from primer_cli.wording import count_of

    out = console()
    for count, noun, where in ((len(loaded), "topic", target), (len(bank), "question", bank_dir)):
        # soft_wrap: a path is never broken by a newline, so it can be copied.
        out.print(
            f"[green]✓[/] {count_of(count, noun)} in {escape(str(where))}: all valid.",
            soft_wrap=True,
        )


def _directory(given: str, param: str) -> Path:
    """The directory named on the command line; an empty name is a mistake, not '.'."""
    from primer_cli.paths import unusable_directory

    if not given.strip():
        raise UsageProblem("the directory name is empty", param=param)
    path = Path(given)
    problem = unusable_directory(path)
    if problem:
        raise UsageProblem(f"{given} {problem}", param=param)
    return path


def register(app: PrimerTyper) -> None:
    app.command(rich_help_panel="Read")(learn)
    app.command(rich_help_panel="Read")(topics)
    app.command(rich_help_panel="Read")(search)
    app.command(rich_help_panel="Author")(check)
