"""Two ways to ask a session's questions: questionary prompts in a terminal, or plain lines.

Both return what the learner typed as the same text (`a`, `a,c`, `c,a,b`,
`20 ms`), so one grader serves both. The plain asker is the scripted twin:
it prints each question, reads exactly one line, and returns None at end of
input; it never re-asks and never waits on a closed stdin. The terminal asker
imports questionary (about 100 ms) only when it first asks a question.

Flashcards are flipped rather than answered: in a terminal, as in Anki, Enter
or Space shows the back and one key rates it (1 Again, 2 Hard, 3 Good,
4 Easy), read straight from the terminal; the plain twin prints both sides
and reads the rating as a line, `1`-`4` or the rating's name.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from typing import IO, TYPE_CHECKING, Any, Protocol

from primer_cli.quiz.flashcards import Flashcard
from primer_cli.quiz.grading import Unreadable, read_number
from primer_cli.quiz.presenting import Presented
from primer_cli.quiz.scheduling import Rating
from primer_cli.quiz.schema import QuestionKind
from primer_cli.quiz.session import Outcome, Rated

if TYPE_CHECKING:
    from rich.console import Console

HINT = "?"


@dataclass(frozen=True)
class Reply:
    text: str
    seconds: float | None
    used_hint: bool


@dataclass(frozen=True)
class RatingReply:
    rating: Rating
    seconds: float | None
    problem: str = ""  # a typed rating that could not be read, which then counts as Again


class Asker(Protocol):
    def ask(self, presented: Presented, index: int, total: int) -> Reply | None: ...

    def tell(self, outcome: Outcome) -> None: ...

    def flip(
        self, card: Flashcard, index: int, total: int, previews: dict[Rating, float]
    ) -> RatingReply | None: ...

    def tell_rated(self, rated: Rated, problem: str) -> None: ...


RATING_WORDS = {
    **{str(int(r)): r for r in Rating},
    **{r.name.lower(): r for r in Rating},
}


def read_rating(text: str) -> Rating | None:
    """A typed rating: 1-4, or again, hard, good, easy (any case)."""
    return RATING_WORDS.get(text.strip().lower())


def _tell_rated(out: Console, rated: Rated, problem: str) -> None:
    from primer_cli.render.quiz import rated_view

    if problem:
        out.print(f"[yellow]Could not read your rating:[/] {problem}")
    out.print(rated_view(rated))


class PlainAsker:
    """Questions printed as text; answers read one line at a time from `source`."""

    def __init__(self, source: IO[str] | None, out: Console, titles: dict[str, str]) -> None:
        self.source = source
        self.out = out
        self.titles = titles

    def ask(self, presented: Presented, index: int, total: int) -> Reply | None:
        from primer_cli.render.quiz import answer_instruction, choices_view, question_view

        question = presented.question
        if index > 1:
            self.out.print()
        self.out.print(
            question_view(
                presented, index, total, topic_title=self.titles.get(question.topic, question.topic)
            )
        )
        if question.kind not in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
            self.out.print(choices_view(presented))
        self.out.print(f"Answer with {answer_instruction(presented)}:")
        line = self.source.readline() if self.source is not None else ""
        if not line:
            return None
        return Reply(_without_bom(line).rstrip("\r\n"), None, False)

    def tell(self, outcome: Outcome) -> None:
        from primer_cli.render.quiz import feedback_view

        self.out.print(feedback_view(outcome, topic_id=outcome.question.topic))

    def flip(
        self, card: Flashcard, index: int, total: int, previews: dict[Rating, float]
    ) -> RatingReply | None:
        from primer_cli.render.quiz import flashcard_back_view, flashcard_front_view

        if index > 1:
            self.out.print()
        self.out.print(flashcard_front_view(card, index, total))
        self.out.print(flashcard_back_view(card))
        self.out.print("Rate it with 1 (again), 2 (hard), 3 (good) or 4 (easy):")
        line = self.source.readline() if self.source is not None else ""
        if not line:
            return None
        typed = _without_bom(line).strip()
        rating = read_rating(typed)
        if rating is None:
            return RatingReply(
                Rating.AGAIN, None, f"'{typed}' is not 1, 2, 3 or 4; it counts as 1 (again)"
            )
        return RatingReply(rating, None)

    def tell_rated(self, rated: Rated, problem: str) -> None:
        _tell_rated(self.out, rated, problem)


class TerminalAsker:
    """questionary prompts: arrow keys for one choice, checkboxes for several, validated text."""

    def __init__(self, out: Console, titles: dict[str, str]) -> None:
        self.out = out
        self.titles = titles

    @cached_property
    def questionary(self) -> Any:
        import questionary  # about 100 ms: only once a question (not a flashcard) is asked

        return questionary

    def ask(self, presented: Presented, index: int, total: int) -> Reply | None:
        from primer_cli.render.quiz import question_view

        question = presented.question
        self.out.print()
        self.out.print(
            question_view(
                presented, index, total, topic_title=self.titles.get(question.topic, question.topic)
            )
        )
        started = time.monotonic()
        used_hint = False
        while True:
            answer = self._prompt(presented, offer_hint=bool(question.hint) and not used_hint)
            if answer != HINT:
                return Reply(answer, time.monotonic() - started, used_hint)
            used_hint = True
            from rich.text import Text

            from primer_cli.render.markup import inline

            self.out.print(
                Text("Hint: ", style="yellow") + inline(question.hint)
            )  # text, not markup

    def tell(self, outcome: Outcome) -> None:
        from primer_cli.render.quiz import feedback_view

        self.out.print(feedback_view(outcome, topic_id=outcome.question.topic))

    def flip(
        self, card: Flashcard, index: int, total: int, previews: dict[Rating, float]
    ) -> RatingReply | None:
        """Front, then Enter or Space for the back, then one key 1-4; q or Ctrl-D stops."""
        from primer_cli.render.quiz import (
            flashcard_back_view,
            flashcard_front_view,
            rating_keys_view,
        )

        self.out.print()
        self.out.print(flashcard_front_view(card, index, total))
        self.out.print("[dim]Enter or Space shows the answer; q stops.[/]")
        started = time.monotonic()
        if _wait_for_key({"\r", "\n", " "}) is None:
            return None
        self.out.print(flashcard_back_view(card))
        self.out.print(rating_keys_view(previews))
        key = _wait_for_key({"1", "2", "3", "4"})
        if key is None:
            return None
        return RatingReply(Rating(int(key)), time.monotonic() - started)

    def tell_rated(self, rated: Rated, problem: str) -> None:
        _tell_rated(self.out, rated, problem)

    def _prompt(self, presented: Presented, *, offer_hint: bool) -> str:
        kind = presented.question.kind
        if kind is QuestionKind.MULTIPLE:
            return self._checkbox(presented, offer_hint)
        if kind in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
            return self._text(presented, offer_hint)
        return self._select(presented, offer_hint)

    def _choices(self, presented: Presented, offer_hint: bool, *, margin: int) -> list[Any]:
        """Lettered choices, each wrapped to the terminal: prompt_toolkit cuts a long line.

        `margin` is what the prompt draws before a choice: " » " for a list, " » ○ " for
        checkboxes. Lines after the first start at column 0, so they are indented by hand.
        """
        q = self.questionary
        width = max(20, self.out.width - margin - 1)
        choices: list[Any] = [
            q.Choice(_wrapped(f"{letter}) {text}", width, indent=margin + 3), value=letter)
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        if offer_hint:
            choices += [q.Separator(), q.Choice("? Show the hint", value=HINT)]
        return choices

    def _select(self, presented: Presented, offer_hint: bool) -> str:
        answer = self.questionary.select(
            "Your answer",
            choices=self._choices(presented, offer_hint, margin=3),
            instruction="(arrow keys, Enter)",
        ).unsafe_ask()
        return str(answer)

    def _checkbox(self, presented: Presented, offer_hint: bool) -> str:
        chosen = self.questionary.checkbox(
            "Select all that apply",
            choices=self._choices(presented, offer_hint, margin=5),
            instruction="(Space to select, Enter to confirm)",
            # Enter with nothing ticked is a slip, not an answer: it would be graded wrong.
            validate=lambda ticked: bool(ticked) or "Tick at least one choice with Space",
        ).unsafe_ask()
        if HINT in chosen:
            return HINT
        return ",".join(chosen)

    def _text(self, presented: Presented, offer_hint: bool) -> str:
        from primer_cli.render.quiz import answer_instruction

        tip = f" ({HINT} for a hint)" if offer_hint else ""
        label = f"Your answer, {answer_instruction(presented)}{tip}"

        def valid(text: str) -> bool | str:
            if offer_hint and text.strip() == HINT:
                return True
            return _validate(presented, text)

        return str(self.questionary.text(label, validate=valid).unsafe_ask()).strip()


def _without_bom(line: str) -> str:
    """A file saved by some Windows editors starts with a byte-order mark: not part of the answer."""
    return line.removeprefix("\ufeff")


def _wrapped(text: str, width: int, *, indent: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width=width, subsequent_indent=" " * indent))


def _validate(presented: Presented, text: str) -> bool | str:
    """In a terminal, a numeric or ordering answer that cannot be read is asked again."""
    question = presented.question
    if question.kind is QuestionKind.NUMERIC and question.numeric is not None:
        try:
            read_number(text.strip(), question.numeric)
        except Unreadable as why:
            return str(why)
        return True
    from primer_cli.quiz.grading import grade

    verdict = grade(presented, text)
    return verdict.problem or True


_STOP_KEYS = {"q", "Q", "\x04"}  # q, or Ctrl-D (which is a plain byte once the terminal is raw)
_typed_ahead: list[str] = []  # keys that arrived in one read with the key that was wanted


def _wait_for_key(wanted: set[str]) -> str | None:
    """The next key in `wanted`, read without Enter; None for q or Ctrl-D. Ctrl-C still interrupts."""
    while True:
        if not _typed_ahead:
            chunk = read_key()
            if not chunk:
                return None
            if not chunk.startswith("\x1b"):  # arrow and function keys are ignored whole
                _typed_ahead.extend(chunk)
            continue
        key = _typed_ahead.pop(0)
        if key in _STOP_KEYS:
            return None
        if key in wanted:
            return key


def read_key() -> str:
    """What the terminal has for us, unechoed and without waiting for Enter ('' at end of input)."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)  # keys one at a time, no echo; Ctrl-C still raises KeyboardInterrupt
        return os.read(fd, 32).decode("utf-8", "replace")
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
