"""Rich renderings of the quiz: a question, the feedback on an answer, a session's summary, progress."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from primer_cli.quiz.scheduling import Rating
from primer_cli.quiz.schema import QuestionKind
from primer_cli.render.markup import inline
from primer_cli.render.palette import ACCENT, MUTED
from primer_cli.wording import count_of

if TYPE_CHECKING:  # annotations only: progress alone costs ~4 ms, before the first question
    from primer_cli.quiz.flashcards import Deck, Flashcard
    from primer_cli.quiz.pool import Card
    from primer_cli.quiz.presenting import Presented
    from primer_cli.quiz.progress import Progress, Suggestion
    from primer_cli.quiz.session import Outcome, Rated, Session

RIGHT = "bold green"
WRONG = "bold red"
BAR_WIDTH = 20


def answer_instruction(presented: Presented) -> str:
    """How to answer in plain text: what a script (or a person at a pipe) should type."""
    kind = presented.question.kind
    letters = presented.letters
    if kind is QuestionKind.MULTIPLE:
        # No example of letters: any example could be (or rule out) the answer.
        return (
            f"the letters of every right choice ({letters[0]}–{letters[-1]}), separated by commas"
        )
    if kind is QuestionKind.ORDERING:
        return f"every letter ({letters[0]}–{letters[-1]}) once, in order, separated by commas"
    if kind is QuestionKind.NUMERIC:
        numeric = presented.question.numeric
        return _numeric_instruction(numeric.unit if numeric is not None else "")
    return f"one letter, {letters[0]}–{letters[-1]}"


def _numeric_instruction(unit: str) -> str:
    """What a bare number means for this answer, so '38' and '38/s' both work."""
    if not unit:
        return "a number, such as 2.5M or 1,000"
    if unit == "%":
        return "a percentage, such as 99.5%"
    if unit.startswith("/"):
        period = {"s": "second", "min": "minute", "h": "hour"}.get(unit[1:], unit[1:])
        return f"a rate; a plain number is read as per {period}"
    return f"a number with its unit; a plain number is read in {unit}"


def question_view(
    presented: Presented, index: int, total: int, *, topic_title: str
) -> RenderableType:
    """The question: where it is in the session, its topic and kind, the situation and prompt."""
    question = presented.question
    header = Text.assemble(
        (f"Question {index} of {total}", "bold"),
        ("  ·  ", MUTED),
        (topic_title, ACCENT),
        ("  ·  ", MUTED),
        (question.kind.label, MUTED),
    )
    parts: list[RenderableType] = [header]
    if question.situation:
        parts.append(Text(question.situation.strip(), style="italic"))
    parts.append(inline(question.prompt.strip(), "bold"))
    if question.kind is QuestionKind.ORDERING:
        parts.append(choices_view(presented))
    return Group(*parts)


def choices_view(presented: Presented) -> Table:
    """The lettered choices, for plain output and for ordering questions."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style=ACCENT, no_wrap=True)
    table.add_column()
    for letter, text in zip(presented.letters, presented.choices, strict=True):
        table.add_row(f"  {letter})", inline(text))
    return table


def feedback_view(outcome: Outcome, *, topic_id: str) -> RenderableType:
    """Right or wrong, the right answer, why, and where to read more."""
    verdict = outcome.grade
    question = outcome.question
    title = Text("✓ Right", style=RIGHT) if verdict.correct else Text("✗ Wrong", style=WRONG)
    parts: list[RenderableType] = []
    if verdict.problem:
        parts.append(Text(f"Could not read your answer: {verdict.problem}", style="yellow"))
    elif verdict.detail and not verdict.correct:
        parts.append(Text(verdict.detail[:1].upper() + verdict.detail[1:] + ".", style=MUTED))
    if not verdict.correct or question.kind is QuestionKind.NUMERIC:
        parts.append(_expected(verdict.expected_lines))
    for note in verdict.feedback:
        letter, _, why = note.partition(") ")
        parts.append(Text(f"You chose {letter}: ", style="yellow") + inline(why))
    parts.append(inline(question.explanation.strip()))
    if question.derivation:
        from primer_cli.render.estimate import derivation_table

        parts.append(derivation_table(question.derivation))
    parts.append(
        Text.assemble(
            ("Read more: ", MUTED),
            (f"primer learn {topic_id}", ACCENT),
            ("   ", ""),
            (f"next review {when(outcome.state.due)}", MUTED),
        )
    )
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        border_style="green" if verdict.correct else "red",
        box=box.ROUNDED,
    )


def _expected(lines: tuple[str, ...]) -> RenderableType:
    if len(lines) == 1:
        return Text("The answer: ", style="bold") + inline(lines[0])
    return Group(Text("The answer:", style="bold"), *(inline(f"  {line}") for line in lines))


def when(moment: float, *, now: float | None = None) -> str:
    """'in 10 min', 'in 2 days', 'now': how far ahead a due time is."""
    seconds = moment - (time.time() if now is None else now)
    if seconds <= 60:
        return "now" if seconds <= 0 else "in 1 min"
    for size, noun in ((86_400, "day"), (3_600, "hour"), (60, "min")):
        if seconds >= size:
            amount = round(seconds / size)
            return f"in {count_of(amount, noun)}" if noun != "min" else f"in {amount} min"
    return "soon"


def at(moment: float) -> str:
    """A local date and time, short: 'Mon 30 Nov 14:05'."""
    return dt.datetime.fromtimestamp(moment).strftime("%a %d %b %H:%M")


def summary_view(session: Session, titles: dict[str, str], *, planned: int) -> RenderableType:
    """The score, a table by topic, and the questions missed."""
    answered = len(session.outcomes)
    if not answered:
        return Text("No questions answered.", style=MUTED)
    headline = Text.assemble(
        ("Score ", "bold"),
        (f"{session.score}/{answered}", RIGHT if session.score == answered else "bold"),
        (f"  ({session.score / answered:.0%})", MUTED),
    )
    if answered < planned:
        headline.append(f"  · {answered} of {planned} questions answered", style=MUTED)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Topic")
    table.add_column("Right", justify="right")
    table.add_column("", width=BAR_WIDTH // 2)
    for score in session.by_topic():
        table.add_row(
            titles.get(score.topic, score.topic),
            f"{score.correct}/{score.answered}",
            bar(score.correct / score.answered, BAR_WIDTH // 2),
        )
    parts: list[RenderableType] = [headline, table]
    missed = session.missed()
    if missed:
        parts.append(_missed_table(missed))
    return Group(*parts)


def _missed_table(missed: list[Outcome]) -> Table:
    table = _titled("Missed")
    table.add_column("Question", ratio=1)
    table.add_column("Study", style=ACCENT, no_wrap=True)
    for outcome in missed:
        table.add_row(
            inline(outcome.question.prompt.strip()), f"primer learn {outcome.question.topic}"
        )
    return table


def bar(share: float, width: int = BAR_WIDTH) -> Text:
    """A horizontal bar for a share from 0 to 1."""
    filled = round(max(0.0, min(1.0, share)) * width)
    style = "green" if share >= 0.8 else "yellow" if share >= 0.5 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style=MUTED)


def progress_view(progress: Progress, suggestion: Suggestion) -> RenderableType:
    """`primer progress`: totals, mastery by category and topic, the weakest topics."""
    accuracy = f"{progress.accuracy:.0%}" if progress.accuracy is not None else "–"
    totals = Table.grid(padding=(0, 3))
    totals.add_row(
        _stat("answered", str(progress.answered)),
        _stat("accuracy", accuracy),
        _stat("streak", count_of(progress.streak_days, "day")),
    )
    totals.add_row(
        _stat("due now", str(progress.due_now)),
        _stat("due today", str(progress.due_today)),
        _stat("topics read", f"{progress.topics_read}/{len(progress.topics)}"),
    )
    parts: list[RenderableType] = [totals, Text()]
    parts.append(_categories_table(progress))
    parts.append(_topics_table(progress))
    if progress.weakest:
        parts.append(Text("Weakest topics", style="bold"))
        parts.append(_weakest_grid(progress))
    parts.append(
        Text.assemble(
            ("Next: ", "bold"), suggestion.reason, "\n      ", (suggestion.command, ACCENT)
        )
    )
    parts.append(Text(f"Progress store: {progress.database}", style=MUTED))
    return Group(*parts)


def _stat(label: str, value: str) -> Text:
    return Text.assemble((value, "bold"), (f" {label}", MUTED))


def _titled(title: str) -> Table:
    """A plain table with its title on the left, as every table on these pages has."""
    return Table(
        box=box.SIMPLE_HEAD, pad_edge=False, title=title, title_justify="left", title_style="bold"
    )


def _categories_table(progress: Progress) -> Table:
    table = _titled("Mastery by category")
    table.add_column("Category")
    table.add_column("Mastery", width=BAR_WIDTH)
    table.add_column("", justify="right")
    table.add_column("Read", justify="right")
    for category in progress.categories:
        table.add_row(
            category.name,
            bar(category.mastery),
            f"{category.mastery:.0%}",
            f"{category.read}/{category.topics}",
        )
    return table


def _topics_table(progress: Progress) -> Table:
    table = _titled("Topics")
    table.add_column("Topic")
    table.add_column("Read", justify="center")
    table.add_column("Mastery", width=BAR_WIDTH // 2)
    table.add_column("", justify="right")
    table.add_column("Right", justify="right")
    for topic in progress.topics:
        right = f"{topic.correct}/{topic.answered}" if topic.answered else "–"
        table.add_row(
            topic.title,
            "✓" if topic.read else "",
            bar(topic.mastery, BAR_WIDTH // 2),
            f"{topic.mastery:.0%}",
            right,
        )
    return table


def suggestion_view(suggestion: Suggestion) -> RenderableType:
    return Text.assemble(
        ("→ ", ACCENT), (suggestion.reason, "bold"), ("\n  ", ""), (suggestion.command, ACCENT)
    )


def nothing_due_view(next_due: float | None) -> RenderableType:
    if next_due is None:
        return inline("Nothing to review yet: answer some questions first with `primer quiz`.")
    return Text.assemble(
        ("Nothing is due. ", "bold"),
        (f"The next card is due {when(next_due)} ({at(next_due)}).", ""),
    )


# Flashcards ---------------------------------------------------------------------

RATING_STYLES = {
    Rating.AGAIN: "bold red",
    Rating.HARD: "bold yellow",
    Rating.GOOD: "bold green",
    Rating.EASY: "bold cyan",
}
_CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.DOTALL)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def card_markdown(text: str) -> RenderableType:
    """A flashcard side, Markdown drawn for the terminal: links keep their address."""
    from primer_cli.render.code import TopicMarkdown

    return TopicMarkdown(_literal_angles(text), hyperlinks=False)


def _literal_angles(text: str) -> str:
    """Escape '<' outside code, so `List<String>` is shown rather than taken for an HTML tag."""
    pieces = _CODE.split(text)
    return "".join(
        piece if index % 2 else _TAG_START.sub(r"\\<", piece) for index, piece in enumerate(pieces)
    )


def flashcard_front_view(card: Flashcard, index: int, total: int) -> RenderableType:
    header = Text.assemble(
        (f"Card {index} of {total}", "bold"),
        ("  ·  ", MUTED),
        (card.deck, ACCENT),
        ("  ·  ", MUTED),
        ("flashcard", MUTED),
    )
    return Group(header, card_markdown(card.front))


def flashcard_back_view(card: Flashcard) -> RenderableType:
    return Panel(
        card_markdown(card.back),
        title=Text("Answer", style="bold"),
        title_align="left",
        border_style=ACCENT,
        box=box.ROUNDED,
    )


def rating_keys_view(previews: dict[Rating, float], *, now: float | None = None) -> Text:
    """'1 Again  in 1 min   2 Hard  in 6 min ...': each key, its rating, and when the card returns."""
    text = Text()
    for rating, due in previews.items():
        if text:
            text.append("   ")
        text.append(f"{int(rating)} ", style="bold")
        text.append(rating.name.capitalize(), style=RATING_STYLES[rating])
        text.append(f" {when(due, now=now)}", style=MUTED)
    return text


def rated_view(rated: Rated) -> Text:
    return Text.assemble(
        (rated.rating.name.capitalize(), RATING_STYLES[rated.rating]),
        ("  ·  ", MUTED),
        (f"next review {when(rated.state.due)}", MUTED),
    )


def flashcards_summary_view(rated: list[Rated]) -> RenderableType:
    """How many flashcards were rated, and how: 'Flashcards 3  ·  Again 1  Good 2'."""
    counts = {rating: sum(r.rating is rating for r in rated) for rating in Rating}
    line = Text.assemble(("Flashcards ", "bold"), (str(len(rated)), "bold"), ("  · ", MUTED))
    for rating, count in counts.items():
        if count:
            line.append(f" {rating.name.capitalize()} ", style=RATING_STYLES[rating])
            line.append(str(count))
    return line


def nothing_due_in_decks_view(decks: list[str], next_due: float | None) -> RenderableType:
    named = ", ".join(decks)
    if next_due is None:
        return Text(f"Nothing is due in {named}.")
    return Text.assemble(
        (f"Nothing is due in {named}. ", "bold"),
        (f"The next card is due {when(next_due)} ({at(next_due)}).", ""),
    )


def decks_view(decks: list[Deck]) -> RenderableType:
    """`primer decks`: each deck with its cards and how many are due."""
    if not decks:
        return Text("No decks yet. Bring one in from Anki: primer import anki FILE.apkg")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Deck")
    table.add_column("Cards", justify="right")
    table.add_column("Due", justify="right")
    for deck in decks:
        table.add_row(deck.name, f"{deck.cards:,}", f"{deck.due:,}")
    return table


def _weakest_grid(progress: Progress) -> Table:
    """Title and mastery, then both commands whole, one under the other: none split at 80."""
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    grid.add_column()  # the title wraps if it must
    grid.add_column(justify="right", style=MUTED, no_wrap=True)
    grid.add_column(style=ACCENT, no_wrap=True)
    for topic in progress.weakest:
        commands = f"primer learn {topic.id}\nprimer quiz {topic.id}"
        grid.add_row(f"  {topic.title}", f"{topic.mastery:.0%}", commands)
    return grid


def question_list_view(questions: Sequence[Card]) -> RenderableType:
    """`primer quiz --list`: the questions under their topic, so no column is cut at 80."""
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("id", overflow="fold")
    table.add_column("kind", no_wrap=True)
    topic = None
    for question in questions:
        if question.topic != topic:
            topic = question.topic
            table.add_row(Text(topic, style=ACCENT), "")
        kind = question.kind.value + (" (generated)" if question.generated else "")
        table.add_row(f"  {question.id}", kind)
    return table
