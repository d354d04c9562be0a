"""Anki both ways: `export anki`, `import anki`, and `decks` (list or remove imported decks).

genanki, the HTML converter and SQLite are imported inside the commands.
A bad package is refused in one message with exit 2 before the progress
store is opened, so it is left exactly as it was; a good one is saved in
one transaction after a backup. Ctrl-C exits 130, leaving no partial file
and no partial import.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from primer_cli.cli._app import PrimerTyper, console, print_json, stdin_is_interactive
from primer_cli.cli.learn import complete_topic
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from primer_cli.anki.importing import Imported
    from primer_cli.quiz.flashcards import Moved

EXIT_INTERRUPTED = 130
DEFAULT_PACKAGE = "primer.apkg"
MAX_GENERATED = 1_000

export_app = PrimerTyper(help="Take primer's questions to other tools.", no_args_is_help=True)
import_app = PrimerTyper(help="Bring cards from other tools into primer.", no_args_is_help=True)
decks_app = PrimerTyper(
    help="The decks imported from Anki: cards and due counts, or remove one.",
    invoke_without_command=True,
)


@contextlib.contextmanager
def _quiet_interrupt() -> Iterator[None]:
    """Ctrl-C ends the command with 130 and no traceback (whatever it was doing is undone)."""
    try:
        yield
    except KeyboardInterrupt:
        console(stderr=True).print("\n[dim]Stopped; nothing was changed.[/]")
        raise typer.Exit(EXIT_INTERRUPTED) from None


# Export -------------------------------------------------------------------------


@export_app.command("anki")
def export_anki(
    arguments: list[str] = typer.Argument(
        None,
        help=f"Where to write (a name ending in .apkg; default {DEFAULT_PACKAGE}), then topics (default: all).",
        metavar="[PATH] [TOPIC]...",
        autocompletion=complete_topic,
        show_default=False,
    ),
    category: str | None = typer.Option(
        None, "--category", "-c", help="Only topics in this category."
    ),
    generated: int = typer.Option(
        0,
        "--generated",
        min=0,
        max=MAX_GENERATED,
        help="Also export this many generated questions (a fixed sample, the same every time).",
    ),
    force: bool = typer.Option(False, "--force", "-f", help="Replace PATH if it exists."),
) -> None:
    """Write the question bank as an Anki deck: a note per question, a subdeck per category."""
    from primer_cli.anki.export import entries, write_package
    from primer_cli.cli.quiz import _topic_ids
    from primer_cli.quiz.shipped import bank
    from primer_cli.topics.store import library

    path, topics = _path_and_topics(arguments or [])
    _check_target(path, force)
    chosen = entries(bank(), library(), topics=_topic_ids(topics, category), generated=generated)
    with _quiet_interrupt():
        done = write_package(chosen, path)
    from rich.markup import escape

    console().print(
        f"[green]✓[/] Wrote {_count(done.notes, 'note')} in {_count(len(done.decks), 'deck')} "
        f"to {escape(str(done.path))}. In Anki: File > Import; importing a newer export "
        "updates these notes."
    )


def _path_and_topics(arguments: list[str]) -> tuple[Path, list[str]]:
    """PATH is the first argument when it ends in .apkg or names a folder; the rest are topics."""
    if arguments and (arguments[0].lower().endswith(".apkg") or "/" in arguments[0]):
        return Path(arguments[0]), arguments[1:]
    return Path(DEFAULT_PACKAGE), arguments


def _check_target(path: Path, force: bool) -> None:
    if path.suffix.lower() != ".apkg":
        raise UsageProblem(f"'{path}' must end in .apkg, as Anki packages do", param="PATH")
    if path.is_dir():
        raise UsageProblem(f"'{path}' is a folder; name the .apkg file to write", param="PATH")
    if not path.parent.is_dir():
        raise UsageProblem(f"there is no folder '{path.parent}' to write into", param="PATH")
    if path.exists() and not force:
        raise UsageProblem(f"'{path}' already exists; add --force to replace it", param="PATH")


# Import -------------------------------------------------------------------------


@import_app.command("anki")
def import_anki(
    file: Path = typer.Argument(
        ..., help="An Anki package (.apkg), as File > Export writes it.", metavar="FILE.apkg"
    ),
    deck: str | None = typer.Option(
        None, "--deck", "-d", help="Put every card in this deck (default: each note's Anki deck)."
    ),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print {file, cards, added, updated, unchanged, moved, decks, backup}.",
    ),
) -> None:
    """Bring an Anki deck's notes in as flashcards for primer review; importing again updates them."""
    from primer_cli.anki.importing import read_package, save_cards
    from primer_cli.cli.quiz import _open_store

    with _quiet_interrupt():
        cards = read_package(file, deck)  # a bad package stops here, before the store is opened
        with _open_store() as store:
            done = save_cards(store, cards, file, now=time.time())
    if as_json:
        print_json(_imported_json(done))
        return
    _report_import(done)


def _imported_json(done: Imported) -> dict[str, Any]:
    return {
        "file": str(done.source),
        "cards": done.cards,
        "added": done.saved.added,
        "updated": done.saved.updated,
        "unchanged": done.saved.unchanged,
        "moved": [{"from": m.source, "to": m.target, "cards": m.cards} for m in done.saved.moved],
        "decks": list(done.decks),
        "backup": str(done.backup),
    }


def _report_import(done: Imported) -> None:
    from rich.markup import escape

    saved = done.saved
    out = console()
    out.print(
        f"[green]✓[/] Imported {_count(done.cards, 'card')} from {escape(done.source.name)} into "
        f"{_count(len(done.decks), 'deck')}: {saved.added} new, {saved.unchanged} unchanged, "
        f"{saved.updated} updated{escape(_moved_text(saved.moved))}."
    )
    roots = {name.split("::")[0] for name in done.decks}
    command = f"primer review --deck {_quoted(roots.pop())}" if len(roots) == 1 else "primer review"
    out.print(f"Review them: [cyan]{escape(command)}[/]   (primer decks lists them)")
    out.print(f"[dim]Your progress store was backed up first, to {escape(str(done.backup))}[/]")


def _moved_text(moved: tuple[Moved, ...]) -> str:
    """', 14 of them moved from primer::Caching to My CAP', or several moves listed."""
    if not moved:
        return ""
    total = sum(m.cards for m in moved)
    if len(moved) == 1:
        return f", {total} of them moved from {moved[0].source} to {moved[0].target}"
    moves = ", ".join(f"{m.cards} from {m.source} to {m.target}" for m in moved)
    return f", {total} of them moved: {moves}"


# Decks --------------------------------------------------------------------------


@decks_app.callback()
def decks(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print [{name, cards, due}] as JSON."),
) -> None:
    """List imported decks with their cards and how many are due now."""
    if ctx.invoked_subcommand is not None:
        return
    from primer_cli.cli.quiz import _open_store
    from primer_cli.quiz import flashcards

    with _open_store() as store:
        found = flashcards.decks(store, now=time.time())
    if as_json:
        print_json([{"name": d.name, "cards": d.cards, "due": d.due} for d in found])
        return
    from primer_cli.render.quiz import decks_view

    console().print(decks_view(found))


@decks_app.command("remove")
def remove_deck(
    name: str = typer.Argument(..., help="The deck to remove (its subdecks go with it)."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Remove an imported deck, its cards and their schedules (after a confirmation)."""
    from primer_cli.cli.quiz import _open_store
    from primer_cli.quiz import flashcards

    with _quiet_interrupt(), _open_store() as store:
        chosen = flashcards.resolve(store, name, param="NAME")
        cards = len(flashcards.ids_in(store, chosen))
        what = f"{_count(len(chosen), 'deck')} ({', '.join(chosen)}) with {_count(cards, 'card')}"
        if not yes and not _confirm(f"Remove {what}? A backup of your progress is kept."):
            console().print("Nothing was changed.")
            return
        backup = store.backup("before-remove")
        flashcards.remove(store, chosen)
    from rich.markup import escape

    console().print(
        f"[green]✓[/] Removed {escape(what)}. The store before it is saved as {escape(str(backup))}"
    )


def _confirm(question: str) -> bool:
    if not stdin_is_interactive():
        raise UsageProblem(
            "removing a deck asks for confirmation; add --yes to remove it from a script",
            param="--yes",
        )
    import questionary

    return bool(questionary.confirm(question, default=False).unsafe_ask())


def _count(amount: int, noun: str) -> str:
    from primer_cli.wording import count_of

    return count_of(amount, noun)


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(name)


def register(app: PrimerTyper) -> None:
    app.add_typer(export_app, name="export", rich_help_panel="Anki")
    app.add_typer(import_app, name="import", rich_help_panel="Anki")
    app.add_typer(decks_app, name="decks", rich_help_panel="Anki")
