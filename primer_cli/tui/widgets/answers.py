"""The answer widget for each kind of question, all giving back the same text the CLI's prompts give.

One choice: an OptionList (arrows, Enter answers). Several: a SelectionList
(Space ticks, `s` submits). Both wrap a long choice under its own text, so
every word of it can be read at 80 columns (Textual's RadioButton and
SelectionList cut it with "…"). Numbers and orderings: an Input checked as
you type by the grader's own reader, so an answer that cannot be read is
marked, with the reason, before it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from textual import on
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Checkbox, Input, OptionList, SelectionList
from textual.widgets.option_list import Option

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


@dataclass
class Refused(Message):
    """Enter on an answer that cannot be sent: why, to show under it."""

    why: str


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


def choice_prompt(letter: str, text: str) -> Table:
    """'a) text', the text wrapping under itself rather than under the letter."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(f"{letter})", inline(text))
    return grid


class OneChoice(OptionList):
    """Arrows move, Enter answers with the highlighted choice."""

    def __init__(self, presented: Presented) -> None:
        options = [
            Option(choice_prompt(letter, text))
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        super().__init__(*options, classes="answer")
        self.presented = presented

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(self.presented.letters[event.option_index]))


class SeveralChoices(SelectionList[str]):
    """Space ticks. A choice may take several lines: its box and letter on the first, the
    rest of its text indented under the first line's (SelectionList's own drawing gives
    every line a box and cuts the text to one line)."""

    DEFAULT_CSS = """
    SeveralChoices {
        text-wrap: wrap;
    }
    """
    BOX = 4  # the tick box and the space after it

    def __init__(self, presented: Presented) -> None:
        choices = [
            (inline(text), letter)
            for letter, text in zip(presented.letters, presented.choices, strict=True)
        ]
        super().__init__(*choices, classes="answer")
        self.letters = [f"{letter}) " for letter in presented.letters]

    def submit(self) -> None:
        self.post_message(Answered(",".join(sorted(self.selected))))

    def _get_left_gutter_width(self) -> int:
        return self.BOX + max(len(letter) for letter in self.letters)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # OptionList measures its options at the full width; they are drawn beside the gutter.
        return super().get_content_height(
            container, viewport, width - self._get_left_gutter_width()
        )

    def render_line(self, y: int) -> Strip:
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return OptionList.render_line(self, y)
        text = OptionList.render_line(self, y)
        style = next(iter(text)).style if text.cell_length else None
        gutter = self._get_left_gutter_width()
        if line_offset:
            return Strip([Segment(" " * gutter, style), *text])
        box = self._box(index, style or Style())
        letter = self.letters[index].ljust(gutter - self.BOX)
        return Strip([*box, Segment(" " + letter, style), *text])

    def _box(self, index: int, under: Style) -> list[Segment]:
        """The tick box of option `index`, as SelectionList draws it (by option, not by line)."""
        component = "selection-list--button"
        if self.get_option_at_index(index).value in self.selected:
            component += "-selected"
        if self.highlighted == index:
            component += "-highlighted"
        button = self.get_component_rich_style(component)
        side = Style.from_color(button.bgcolor, under.bgcolor) + Style(meta={"option": index})
        button += Style(meta={"option": index})
        return [
            Segment(Checkbox.BUTTON_LEFT, side),
            Segment(Checkbox.BUTTON_INNER, button),
            Segment(Checkbox.BUTTON_RIGHT, side),
        ]


class TypedAnswer(Input):
    def __init__(self, presented: Presented) -> None:
        hint = "; ? for a hint" if presented.question.hint else ""
        super().__init__(
            placeholder=f"{answer_instruction(presented)}{hint}",
            validators=[AnswerReader(presented)],
            validate_on=["changed", "submitted"],
            classes="answer",
        )
        self.instruction = answer_instruction(presented)

    @on(Input.Submitted)
    def _sent(self, event: Input.Submitted) -> None:
        event.stop()
        result = event.validation_result
        if not event.value.strip():
            self.post_message(Refused(f"Type {self.instruction} first, then Enter."))
        elif result is None or result.is_valid:
            self.post_message(Answered(event.value.strip()))
        else:
            self.post_message(Refused("; ".join(result.failure_descriptions)))


def answer_widget(presented: Presented) -> Widget:
    kind = presented.question.kind
    if kind is QuestionKind.MULTIPLE:
        return SeveralChoices(presented)
    if kind in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
        return TypedAnswer(presented)
    return OneChoice(presented)
