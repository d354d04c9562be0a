"""Practice commands: `quiz`, `review`, `progress` and `next`.

Each answer is committed to the progress store before the next question is
asked, so Ctrl-C (exit 130) or a killed process keeps every answer given.
In a terminal questions are questionary prompts; with `--answers`, or when
stdin is not a terminal, they are printed plainly and answers read one line
at a time, which is how scripts and tests drive them. Heavy imports (SQLite,
questionary, Rich) happen inside the commands.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from primer_cli.cli._app import PrimerTyper, console, print_json, stdin_is_interactive
from primer_cli.cli.learn import complete_topic
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from rich.console import Console

    from primer_cli.cli._asking import Asker
    from primer_cli.quiz.flashcards import Flashcard
    from primer_cli.quiz.pool import Card
    from primer_cli.quiz.schema import Question, QuestionKind
    from primer_cli.quiz.session import Session
    from primer_cli.quiz.store import ProgressStore

EXIT_INTERRUPTED = 130
MAX_COUNT = 200

_ANSWERS_HELP = "Read answers from FILE ('-' for stdin), one per line, instead of prompting."


def quiz(
    topics: list[str] = typer.Argument(
        None,
        help="Topic ids, titles or aliases (default: every topic).",
        autocompletion=complete_topic,
        metavar="[TOPIC]...",
        show_default=False,
    ),
    category: str | None = typer.Option(
        None, "--category", "-c", help="Only topics in this category."
    ),
    count: int = typer.Option(
        10, "--count", "-n", min=1, max=MAX_COUNT, help="How many questions."
    ),
    kinds: list[str] = typer.Option(
        None,
        "--kind",
        "-k",
        help="Only this kind (repeatable): single, multiple, true-false, numeric, ordering, scenario.",
        show_default=False,
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Repeat a session exactly: same questions, order and numbers."
    ),
    answers: str | None = typer.Option(None, "--answers", help=_ANSWERS_HELP, metavar="FILE"),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print {score, total, planned, seed, answers} as JSON (questions go to stderr).",
    ),
    list_only: bool = typer.Option(
        False, "--list", help="List the questions (id, topic, kind) without asking."
    ),
) -> None:
    """Answer questions on topics: graded, explained, and scheduled for review."""
    from primer_cli.quiz.pool import question_pool
    from primer_cli.quiz.shipped import bank
    from primer_cli.topics.store import library

    topic_ids = _topic_ids(topics, category)
    wanted = _kinds(kinds)
    pool = question_pool(bank(), topics=topic_ids, kinds=wanted)
    if list_only:
        _list(pool, as_json)
        return
    chosen_seed = _seed(seed)
    if not pool:
        raise UsageProblem("no questions match those topics and kinds", param="--kind")
    with _open_store() as store:
        from primer_cli.quiz.pool import drawn
        from primer_cli.quiz.session import choose

        chosen = drawn(
            choose(pool, store, count=count, seed=chosen_seed, now=time.time()), chosen_seed
        )
        if len(chosen) < count:  # say so, rather than silently ask fewer
            from primer_cli.wording import count_of

            console(stderr=True).print(
                f"[dim]Only {count_of(len(chosen), 'question')} match; asking all of them.[/]"
            )
        _run(store, chosen, "quiz", chosen_seed, answers, as_json, library())


def review(
    count: int = typer.Option(
        20, "--count", "-n", min=1, max=MAX_COUNT, help="At most this many cards."
    ),
    deck: str | None = typer.Option(
        None,
        "--deck",
        "-d",
        help="Only flashcards from this imported deck (and its subdecks); see primer decks.",
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Fix the shuffle of choices and generated numbers."
    ),
    answers: str | None = typer.Option(None, "--answers", help=_ANSWERS_HELP, metavar="FILE"),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print {score, total, planned, seed, answers} as JSON (questions go to stderr).",
    ),
) -> None:
    """Review the cards that are due, most overdue first (spaced repetition with FSRS).

    Due questions come first, then due flashcards from imported Anki decks.
    """
    from primer_cli.quiz import flashcards
    from primer_cli.quiz.pool import drawn, question_pool
    from primer_cli.quiz.session import choose_review
    from primer_cli.quiz.shipped import bank
    from primer_cli.topics.store import library

    chosen_seed = _seed(seed)
    with _open_store() as store:
        decks = None if deck is None else flashcards.resolve(store, deck, param="--deck")
        pool = question_pool(bank()) if decks is None else []
        cards = flashcards.ids_in(store, decks)
        questions, due_cards = choose_review(
            pool, store, flashcard_ids=cards, count=count, now=time.time()
        )
        if not questions and not due_cards:
            _nothing_due(store, {q.id for q in pool} | cards, decks, as_json, chosen_seed)
            return
        due = drawn(questions, chosen_seed)
        _run(store, due, "review", chosen_seed, answers, as_json, library(), due_cards)


def _nothing_due(
    store: ProgressStore, among: set[str], decks: list[str] | None, as_json: bool, seed: int
) -> None:
    next_due = store.next_due(among=among)
    if as_json:
        print_json(
            {
                "score": 0,
                "total": 0,
                "planned": 0,
                "seed": seed,
                "answers": [],
                "next_due": _iso(next_due),
            }
        )
        return
    from primer_cli.render.quiz import nothing_due_in_decks_view, nothing_due_view

    if decks is None:
        console().print(nothing_due_view(next_due))
    else:
        console().print(nothing_due_in_decks_view(decks, next_due))


def progress(
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
    reset: bool = typer.Option(
        False, "--reset", help="Forget every answer and read (a backup is kept)."
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="With --reset: do not ask for confirmation."
    ),
) -> None:
    """Mastery by category and topic, accuracy, streak, what is due, and your weakest topics."""
    from primer_cli.paths import reads_log_path

    if yes and not reset:
        raise UsageProblem("--yes only confirms --reset", param="--yes")
    with _open_store() as store:
        if reset:
            saved = _reset(store, reads_log_path(), confirmed=yes)
            if as_json:
                print_json(
                    {"reset": saved is not None, "backup": None if saved is None else str(saved)}
                )
            elif saved is not None:
                from rich.markup import escape  # a home named like `a[x]` is a path, not markup

                console().print(
                    f"[green]✓[/] Progress reset. The previous store is saved as {escape(str(saved))}"
                )
            else:
                console().print("Nothing was changed.")
            return
        measured, suggestion = _measure(store)
        if as_json:
            print_json(_progress_json(measured))
            return
        from primer_cli.cli.learn import show
        from primer_cli.render.quiz import progress_view

        show(progress_view(measured, suggestion), page=True)


def next_step(
    as_json: bool = typer.Option(False, "--json", help="Print {reason, command} as JSON."),
) -> None:
    """The one thing to do now: due reviews, else the next topic to read, else your weakest topic."""
    with _open_store() as store:
        _, suggestion = _measure(store)
    if as_json:
        print_json({"reason": suggestion.reason, "command": suggestion.command})
        return
    from primer_cli.render.quiz import suggestion_view

    console().print(suggestion_view(suggestion))


# Running a session ------------------------------------------------------------


def _run(
    store: ProgressStore,
    questions: list[Question],
    mode: str,
    seed: int,
    answers: str | None,
    as_json: bool,
    library: Any,
    cards: list[Flashcard] | None = None,
) -> None:
    from primer_cli.quiz.session import Session, presented_all

    session = Session(presented_all(questions, seed), store, mode, seed, flashcards=cards or [])
    titles = {topic.id: topic.title for topic in library}
    out = console(stderr=as_json)
    interrupted = False
    with _answer_source(answers) as source:
        asker = _asker(source, answers, as_json, out, titles)
        try:
            _ask_all(session, asker)
        except (KeyboardInterrupt, EOFError):
            interrupted = True
            out.print("\n[dim]Stopped. Every answer so far is saved.[/]")
    _report(session, out, titles, as_json)
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)


def _ask_all(session: Session, asker: Asker) -> None:
    total = len(session.questions) + len(session.flashcards)
    for index, presented in enumerate(session.questions, 1):
        reply = asker.ask(presented, index, total)
        if reply is None:
            return  # end of input: stop and report what was answered
        outcome = session.answer(
            presented, reply.text, seconds=reply.seconds, used_hint=reply.used_hint
        )
        asker.tell(outcome)
    for index, card in enumerate(session.flashcards, len(session.questions) + 1):
        rating = asker.flip(card, index, total, session.previews(card))
        if rating is None:
            return
        rated = session.rate(card, rating.rating, seconds=rating.seconds)
        asker.tell_rated(rated, rating.problem)


def _asker(
    source: IO[str] | None, answers: str | None, as_json: bool, out: Console, titles: dict[str, str]
) -> Asker:
    from primer_cli.cli._asking import PlainAsker, TerminalAsker

    if answers is None and not as_json and stdin_is_interactive():
        return TerminalAsker(out, titles)
    return PlainAsker(source, out, titles)


@dataclass
class _Source:
    """The stream answers come from, closed afterwards if we opened it."""

    stream: IO[str] | None
    owned: bool

    def __enter__(self) -> IO[str] | None:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        if self.owned and self.stream is not None:
            self.stream.close()


def _answer_source(answers: str | None) -> _Source:
    # Bytes that are not UTF-8 become U+FFFD: graded as an unreadable answer, never a traceback.
    if answers is None or answers == "-":
        stdin = sys.stdin  # None when stdin was closed: no answers at all
        if stdin is not None and hasattr(stdin, "reconfigure"):
            stdin.reconfigure(errors="replace")
        return _Source(stdin, owned=False)
    try:
        return _Source(Path(answers).open(encoding="utf-8", errors="replace"), owned=True)
    except OSError as error:
        raise UsageProblem(
            f"cannot read answers from '{answers}': {error.strerror}", param="--answers"
        ) from None


def _report(session: Session, out: Console, titles: dict[str, str], as_json: bool) -> None:
    if as_json:
        print_json(_session_json(session))
        return
    from primer_cli.render.quiz import summary_view

    out.print()
    if session.outcomes or not session.rated:
        out.print(summary_view(session, titles, planned=len(session.questions)))
    if session.rated:
        from primer_cli.render.quiz import flashcards_summary_view

        out.print(flashcards_summary_view(session.rated))
    if session.outcomes:
        out.print(
            f"[dim]Seed {session.seed}: add --seed {session.seed} for the same choice order and numbers.[/]"
        )


def _session_json(session: Session) -> dict[str, Any]:
    return {
        "score": session.score + session.recalled,
        "total": len(session.outcomes) + len(session.rated),
        "planned": len(session.questions) + len(session.flashcards),
        "seed": session.seed,
        "answers": _answers_json(session) + _flashcards_json(session),
    }


def _answers_json(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "question_id": o.question.id,
            "topic": o.question.topic,
            "kind": o.question.kind.value,
            "given": o.grade.given,
            "correct": o.grade.correct,
            "expected": o.grade.expected,
            "problem": o.grade.problem or None,
            "rating": o.rating.name.lower(),
            "next_due": _iso(o.state.due),
        }
        for o in session.outcomes
    ]


def _flashcards_json(session: Session) -> list[dict[str, Any]]:
    """Rated flashcards, with the front and back as shown (Markdown)."""
    return [
        {
            "question_id": r.card.id,
            "topic": r.card.topic,
            "kind": "flashcard",
            "deck": r.card.deck,
            "front": r.card.front,
            "back": r.card.back,
            "given": str(int(r.rating)),
            "correct": r.recalled,
            "rating": r.rating.name.lower(),
            "next_due": _iso(r.state.due),
        }
        for r in session.rated
    ]


# The store ------------------------------------------------------------------


def _open_store() -> ProgressStore:
    """Open the store, say so if a damaged one was moved aside, and take in new reads."""
    from primer_cli.paths import progress_path, reads_log_path
    from primer_cli.quiz.store import open_store

    store = open_store(progress_path())
    if store.recovered is not None:
        from primer_cli.cli._app import print_error

        print_error(store.recovered.describe())
    with store.in_use():  # errors here become one StoreError, like those inside `with store`
        store.take_in_reads(reads_log_path(), best_effort=True)
    return store


def _measure(store: ProgressStore) -> tuple[Any, Any]:
    from primer_cli.quiz import flashcards
    from primer_cli.quiz.pool import every_card
    from primer_cli.quiz.progress import measure, suggest
    from primer_cli.quiz.shipped import bank
    from primer_cli.topics.store import library

    # Flashcards count towards what is due (their decks are not topics, so not towards mastery).
    cards = [*every_card(bank()), *flashcards.load(store, flashcards.ids_in(store))]
    measured = measure(store, library(), cards, now=time.time())
    return measured, suggest(measured)


def _progress_json(measured: Any) -> dict[str, Any]:
    return {
        "database": str(measured.database),
        "answered": measured.answered,
        "correct": measured.correct,
        "accuracy": measured.accuracy,
        "due": measured.due_now,
        "due_today": measured.due_today,
        "next_due": _iso(measured.next_due),
        "streak_days": measured.streak_days,
        "topics_read": measured.topics_read,
        "categories": [
            {"name": c.name, "topics": c.topics, "read": c.read, "mastery": round(c.mastery, 4)}
            for c in measured.categories
        ],
        "topics": [
            {
                "id": t.id,
                "category": t.category,
                "read": t.read,
                "cards": t.cards,
                "answered": t.answered,
                "correct": t.correct,
                "mastery": round(t.mastery, 4),
            }
            for t in measured.topics
        ],
        "weakest": [t.id for t in measured.weakest],
    }


def _reset(store: ProgressStore, reads_log: Path, *, confirmed: bool) -> Path | None:
    """Reset after a confirmation; the backup's path, or None if the learner said no."""
    if not confirmed:
        if not stdin_is_interactive():
            raise UsageProblem(
                "--reset asks for confirmation; add --yes to reset from a script", param="--reset"
            )
        import questionary

        question = f"Forget every answer, schedule and read in {store.path}? A backup is kept."
        if not questionary.confirm(question, default=False).unsafe_ask():
            return None
    return store.reset(reads_log)


# Arguments --------------------------------------------------------------------


def _topic_ids(names: list[str] | None, category: str | None) -> set[str] | None:
    from primer_cli.cli._categories import category_named
    from primer_cli.topics.store import library

    topics = library()
    ids = {topics.find(name).id for name in names or []}
    if category is not None:
        members = {t.id for t in topics.categories()[category_named(category)]}
        ids = ids & members if ids else members
        if not ids:
            raise UsageProblem("none of those topics is in that category", param="--category")
    return ids or None


def _kinds(names: list[str] | None) -> set[QuestionKind] | None:
    from primer_cli.quiz.schema import kind_named

    try:
        return {kind_named(name) for name in names} if names else None
    except ValueError as unknown:
        raise UsageProblem(str(unknown), param="--kind") from None


def _seed(seed: int | None) -> int:
    if seed is not None:
        return seed
    import random

    return random.SystemRandom().randrange(1, 1_000_000)


def _iso(moment: float | None) -> str | None:
    if moment is None:
        return None
    import datetime as dt

    return dt.datetime.fromtimestamp(moment, tz=dt.UTC).isoformat(timespec="seconds")


def _list(questions: list[Card], as_json: bool) -> None:
    if as_json:
        print_json(
            [
                {"id": q.id, "topic": q.topic, "kind": q.kind.value, "generated": q.generated}
                for q in questions
            ]
        )
        return
    from primer_cli.cli.learn import show
    from primer_cli.render.quiz import question_list_view

    show(question_list_view(questions), page=True)


def register(app: PrimerTyper) -> None:
    app.command(rich_help_panel="Practise")(quiz)
    app.command(rich_help_panel="Practise")(review)
    app.command(rich_help_panel="Practise")(progress)
    app.command("next", rich_help_panel="Practise")(next_step)
