"""The answer widget for each kind of question, all giving back the same text the CLI's prompts give.

One choice: a RadioSet (arrows, Enter). Several: a SelectionList (Space
ticks, `s` submits). Numbers and orderings: an Input checked as you type
by the grader's own reader, so an answer that cannot be read is marked,
with the reason, before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, RadioButton, RadioSet, SelectionList

from primer_cli.quiz.grading import Unreadable, grade, read_number
from primer_cli.quiz.presenting import Presented
from primer_cli.quiz.schema import QuestionKind
from primer_cli.render.quiz import answer_instruction
from primer_cli.render.topic import inline

HINT = "?"


@dataclass
class Answered(Message):
    """The learner's answer, as text the grader reads: 'b', 'a,c', 'c,a,b', '20 ms'."""

    text: str


class AnswerReader(Validator):
    """Accepts what the grader can read; otherwise says why, in the grader's words."""

    def __init__(self, presented: Presented) -> None:
        super().__init__()
        self.presented = presented

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if text == HINT:
            return self.success()
        question = self.presented.question
        if question.kind is QuestionKind.NUMERIC and question.numeric is not None:
            try:
                read_number(text, question.numeric)
            except Unreadable as why:
                return self.failure(str(why))
            return self.success()
        problem = grade(self.presented, text).problem
        return self.failure(problem) if problem else self.success()


class OneChoice(RadioSet):
    def __init__(self, presented: Presented) -> None:
        buttons = [
            RadioButton(inline(f"{letter}) {text}"))
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        super().__init__(*buttons, classes="answer")
        self.presented = presented

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post_message(Answered(self.presented.letters[event.index]))


class SeveralChoices(SelectionList[str]):
    def __init__(self, presented: Presented) -> None:
        choices = [
            (inline(f"{letter}) {text}"), letter)
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        super().__init__(*choices, classes="answer")

    def submit(self) -> None:
        self.post_message(Answered(",".join(sorted(self.selected))))


class TypedAnswer(Input):
    def __init__(self, presented: Presented) -> None:
        super().__init__(
            placeholder=f"{answer_instruction(presented)}; ? for a hint",
            validators=[AnswerReader(presented)],
            validate_on=["changed", "submitted"],
            classes="answer",
        )

    @on(Input.Submitted)
    def _sent(self, event: Input.Submitted) -> None:
        event.stop()
        result = event.validation_result
        if result is None or result.is_valid:
            self.post_message(Answered(event.value.strip()))


def answer_widget(presented: Presented) -> Widget:
    kind = presented.question.kind
    if kind is QuestionKind.MULTIPLE:
        return SeveralChoices(presented)
    if kind in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
        return TypedAnswer(presented)
    return OneChoice(presented)
