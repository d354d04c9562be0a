"""Two ways to ask a session's questions: questionary prompts in a terminal, or plain lines.

Both return what the learner typed as the same text (`a`, `a,c`, `c,a,b`,
`20 ms`), so one grader serves both. The plain asker is the scripted twin:
it prints each question, reads exactly one line, and returns None at end of
input; it never re-asks and never waits on a closed stdin. The terminal asker
imports questionary (about 100 ms) only when it is built.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol

from primer_cli.quiz.grading import Unreadable, read_number
from primer_cli.quiz.presenting import Presented
from primer_cli.quiz.schema import QuestionKind
from primer_cli.quiz.session import Outcome

if TYPE_CHECKING:
    from rich.console import Console

HINT = "?"


@dataclass(frozen=True)
class Reply:
    text: str
    seconds: float | None
    used_hint: bool


class Asker(Protocol):
    def ask(self, presented: Presented, index: int, total: int) -> Reply | None: ...

    def tell(self, outcome: Outcome) -> None: ...


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
        return Reply(line.rstrip("\r\n"), None, False)

    def tell(self, outcome: Outcome) -> None:
        from primer_cli.render.quiz import feedback_view

        self.out.print(feedback_view(outcome, topic_id=outcome.question.topic))


class TerminalAsker:
    """questionary prompts: arrow keys for one choice, checkboxes for several, validated text."""

    def __init__(self, out: Console, titles: dict[str, str]) -> None:
        import questionary

        self.questionary = questionary
        self.out = out
        self.titles = titles

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

    def _prompt(self, presented: Presented, *, offer_hint: bool) -> str:
        kind = presented.question.kind
        if kind is QuestionKind.MULTIPLE:
            return self._checkbox(presented, offer_hint)
        if kind in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
            return self._text(presented, offer_hint)
        return self._select(presented, offer_hint)

    def _choices(self, presented: Presented, offer_hint: bool) -> list[Any]:
        q = self.questionary
        choices: list[Any] = [
            q.Choice(f"{letter}) {text}", value=letter)
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        if offer_hint:
            choices += [q.Separator(), q.Choice("? Show the hint", value=HINT)]
        return choices

    def _select(self, presented: Presented, offer_hint: bool) -> str:
        answer = self.questionary.select(
            "Your answer",
            choices=self._choices(presented, offer_hint),
            instruction="(arrow keys, Enter)",
        ).unsafe_ask()
        return str(answer)

    def _checkbox(self, presented: Presented, offer_hint: bool) -> str:
        chosen = self.questionary.checkbox(
            "Select all that apply",
            choices=self._choices(presented, offer_hint),
            instruction="(Space to select, Enter to confirm)",
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
