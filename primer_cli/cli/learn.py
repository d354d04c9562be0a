"""Reading commands: `learn`, `topics`, `search` and `check`.

`primer learn` is the command people run most, so this module keeps its
top-level imports to Typer: YAML, Rich and the renderers load inside the
commands (see benchmarks/bench_learn.py for the budget).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from primer_cli.cli._app import PrimerTyper, console, print_json
from primer_cli.errors import PrimerError, UsageProblem

if TYPE_CHECKING:
    from primer_cli.topics.library import Library
    from primer_cli.topics.schema import Topic
    from primer_cli.topics.search import Hit, SearchResult

READABLE_WIDTH = 100  # prose wider than this is tiring to read


def complete_topic(incomplete: str) -> list[str]:
    """Shell completion: topic ids starting with what has been typed; none if content is broken."""
    try:
        from primer_cli.topics.store import library

        return [t.id for t in library() if t.id.startswith(incomplete.lower())]
    except Exception:  # whatever went wrong, a traceback must never land in the user's shell
        return []


def learn(
    topic: list[str] = typer.Argument(
        ...,
        help="Topic id, title or alias: cap, 'CAP theorem', write-behind. Other words are searched for.",
        autocompletion=complete_topic,
        metavar="TOPIC...",
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
    from primer_cli.topics.library import TopicNotFound
    from primer_cli.topics.store import library

    topics = library()
    wanted = " ".join(topic)
    try:
        found = topics.find(wanted)
    except TopicNotFound as missing:
        typo = missing.misspelt
        if typo is not None:
            from primer_cli.checking import echoed

            print_note(
                f"No topic is called '{echoed(wanted)}'; showing {typo.title}, the closest name."
            )
            found = typo
        else:
            found = _best_search_hit(
                wanted, missing, listing=not (as_json or as_markdown), page=pager
            )
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


def _best_search_hit(wanted: str, missing: PrimerError, *, listing: bool, page: bool) -> Topic:
    """No topic has that name: open the clear best search hit, else list the hits and exit 1.

    With nothing relevant found, the name-based "did you mean" error stands (exit 2).
    """
    from primer_cli.checking import echoed
    from primer_cli.topics.search_store import search_index

    result = search_index().search(wanted)
    winner = result.clear_winner()
    if winner is not None:
        print_note(
            f"No topic is called '{echoed(wanted)}'; showing {winner.topic.title}, the best match."
            f" primer search {echoed(wanted)} lists the others."
        )
        return winner.topic
    if not result.hits or not listing:
        raise missing
    from primer_cli.render.search import render_results

    show(
        render_results(result, heading=f"No topic is called '{echoed(wanted)}'. These mention it:"),
        page=page,
    )
    raise PrimerError(
        f"No topic is called '{echoed(wanted)}'.",
        hint="Open one of the topics above with primer learn ID.",
    )


def _record_read(topic_id: str) -> None:
    """Note the read for `primer progress`: one appended line, never the SQLite store."""
    from primer_cli.paths import reads_log_path
    from primer_cli.quiz.reads import record_read

    try:
        log = reads_log_path()
    except PrimerError:  # no home to keep it in: the page was shown, which is what matters
        return
    record_read(log, topic_id)


def print_note(message: str) -> None:
    """A message beside the output (on stderr), so stdout stays the topic or the JSON."""
    from rich.markup import escape

    console(stderr=True).print(f"[dim]{escape(message)}[/]", soft_wrap=True)


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
    category: str | None = typer.Option(
        None, "--category", "-c", help="Only this category (any case; a unique start will do)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print [{id, title, category}] as JSON."),
    pager: bool = typer.Option(
        True, "--pager/--no-pager", help="Page the list when it is taller than the terminal."
    ),
) -> None:
    """List every topic, grouped by category, with the first sentence of its summary."""
    from primer_cli.topics.store import library

    shown = library()
    if category is not None:
        from primer_cli.cli._categories import category_named
        from primer_cli.topics.library import Library

        wanted = category_named(category)
        shown = Library(tuple(t for t in shown if t.category == wanted))
    if as_json:
        print_json([{"id": t.id, "title": t.title, "category": t.category} for t in shown])
        return
    from primer_cli.render.topic import render_tree

    show(render_tree(shown), page=pager)


def search(
    query: list[str] = typer.Argument(
        ...,
        help="Words or a question: 'bloom filter', 'how do I avoid thundering herd'.",
        metavar="QUERY...",
        show_default=False,
    ),
    limit: int = typer.Option(10, "--limit", "-n", min=1, help="Show at most this many topics."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print [{id, title, score, snippet}] as JSON ([] when nothing matches).",
    ),
    pager: bool = typer.Option(True, "--pager/--no-pager", help="Page long results in a terminal."),
) -> None:
    """Search titles, aliases and text of every topic, best match first."""
    from primer_cli.topics.search_store import search_index
    from primer_cli.topics.words import words_of

    words = " ".join(query)
    if not words_of(words, limit=1):
        raise UsageProblem(f"'{words}' has no words to search for", param="QUERY")
    result = search_index().search(words, limit=limit)
    if as_json:
        print_json([_hit_json(hit) for hit in result.hits])
        from primer_cli.render.search_text import notes

        for line in notes(result):
            print_note(line)
    if not result.hits:
        raise _nothing_found(result)
    if not as_json:
        from primer_cli.render.search import render_results

        show(render_results(result), page=pager)


def _hit_json(hit: Hit) -> dict[str, object]:
    return {
        "id": hit.topic.id,
        "title": hit.topic.title,
        "score": hit.score,
        "snippet": hit.snippet,
    }


def _nothing_found(result: SearchResult) -> PrimerError:
    """Exit 1, saying which words no topic mentions and what is nearest."""
    from primer_cli.render.search_text import notes, quoted

    asked = result.query.text if len(result.query.text) <= 60 else result.query.text[:57] + "..."
    if result.unmatched:
        message = f"No topic mentions {quoted(result.unmatched)}."
    else:
        message = f"Nothing relevant to '{asked}' was found."
    hints = [line for line in notes(result) if line.startswith("Only")]
    if result.suggestions:
        hints.append(f"Did you mean {quoted(result.suggestions)}?")
    if result.nearby:
        names = ", ".join(f"{h.topic.id} ({h.topic.title})" for h in result.nearby)
        hints.append(f"Topics with your other words: {names}.")
    hints.append("Try other words, or `primer topics` for the map.")
    return PrimerError(message, hint="\n".join(hints))


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
    """Check every topic and question file against its schema and every cross-reference.

    With no DIRECTORY, everything shipped is checked: topics, questions and the
    search lexicon (synonyms, irregular verbs). With a DIRECTORY (a draft
    tree), its topics are checked, and with --quizzes a question bank against
    them.
    """
    from primer_cli.checking import ContentError
    from primer_cli.paths import content_dir, quizzes_dir
    from primer_cli.quiz.bank import coverage_problems, load_bank
    from primer_cli.topics.loader import load_library

    shipped = directory is None
    target = content_dir() if directory is None else _directory(directory, "DIRECTORY")
    loaded = load_library(target)
    _report_valid(len(loaded), "topic", target)
    if quizzes is None and not shipped:
        return
    bank_dir = quizzes_dir() if quizzes is None else _directory(quizzes, "--quizzes")
    bank = load_bank(bank_dir, {t.id: t.order for t in loaded})
    thin = coverage_problems(bank, (t.id for t in loaded), bank_dir)
    if thin:
        raise ContentError(thin, what="question bank")
    _report_valid(len(bank), "question", bank_dir)
    if shipped:
        _check_lexicon(loaded)


def _report_valid(count: int, noun: str, where: Path) -> None:
    from rich.markup import escape  # a directory named like `a[x]` is a path, not markup

    from primer_cli.wording import count_of

    # soft_wrap: a path is never broken by a newline, so it can be copied.
    console().print(
        f"[green]✓[/] {count_of(count, noun)} in {escape(str(where))}: all valid.", soft_wrap=True
    )


def _check_lexicon(loaded: Library) -> None:
    from primer_cli.topics.irregular import irregular_file
    from primer_cli.topics.lexicon import checked_lexicon
    from primer_cli.topics.synonyms import lexicon_file

    synonyms_path, verbs_path = lexicon_file(), irregular_file()
    synonyms, verbs = checked_lexicon(loaded, synonyms_path, verbs_path)
    _report_valid(len(synonyms.groups), "synonym group", synonyms_path)
    _report_valid(len(verbs.verbs), "irregular verb", verbs_path)


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
