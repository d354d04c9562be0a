"""A quiz or a review in the app: the same Session, store and choices as `primer quiz` and `primer review`.

Each answer is graded and committed to the store by `Session.answer` before
the feedback appears, so leaving the screen (or the app) loses nothing.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from typing import TYPE_CHECKING, ClassVar, cast

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from primer_cli.errors import PrimerError
from primer_cli.quiz.presenting import Presented
from primer_cli.quiz.schema import Question, QuestionKind
from primer_cli.quiz.session import Session, presented_all
from primer_cli.quiz.store import ProgressStore
from primer_cli.render.palette import MUTED
from primer_cli.render.quiz import (
    answer_instruction,
    feedback_view,
    nothing_due_view,
    question_view,
    summary_view,
)
from primer_cli.topics.store import library
from primer_cli.tui import learner
from primer_cli.tui.widgets.answers import (
    HINT,
    Answered,
    Refused,
    SeveralChoices,
    answer_widget,
)
from primer_cli.tui.widgets.problem import Problem

if TYPE_CHECKING:
    from primer_cli.tui.app import PrimerApp


def how_to_answer(presented: Presented) -> str:
    kind = presented.question.kind
    hint = "; h for a hint" if presented.question.hint else ""
    if kind is QuestionKind.MULTIPLE:
        return f"↑↓ and Space tick every right choice, then s submits{hint}"
    if kind in (QuestionKind.NUMERIC, QuestionKind.ORDERING):
        return f"Type {answer_instruction(presented)}, then Enter{'; ? for a hint' if hint else ''}"
    return f"↑↓ then Enter answers{hint}"


NOTHING_TICKED = "Tick at least one choice (Space), then s submits."


class QuizScreen(Screen[None]):
    """Questions one at a time: answer, read the feedback, Enter for the next."""

    MODE = "quiz"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h", "hint", "Hint"),
        Binding("s", "submit", "Submit ticks"),
        Binding("enter", "next", "Next", key_display="Enter"),
        Binding("n", "next", "Next", show=False),
    ]

    def __init__(self, topics: Collection[str] | None = None) -> None:
        super().__init__()
        self.topics = topics
        self.seed = learner.new_seed()
        self.store: ProgressStore | None = None
        self.session: Session | None = None
        self.index = 0
        self.answered = False
        self.finished = False  # the summary is on screen
        self.used_hint = False
        self.started = 0.0
        self.titles = {topic.id: topic.title for topic in library()}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="quiz"):
            yield Static(id="question")
            yield Vertical(id="answer-box")
            yield Static(id="answer-how", classes="hint")
            yield Problem(id="answer-problem")
            yield Static(id="feedback")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        try:
            self.store = learner.open_progress()
            if self.store.recovered is not None:
                self.notify(self.store.recovered.describe(), severity="warning", timeout=10)
            questions = self.choose(self.store)
        except PrimerError as error:
            cast("PrimerApp", self.app).report(error)
            self.query_one("#question", Static).update(Text(error.message, style="red"))
            return
        if not questions:
            self.query_one("#question", Static).update(self.nothing_to_ask(self.store))
            return
        self.session = Session(
            presented_all(questions, self.seed), self.store, self.MODE, self.seed
        )
        self.show_question()

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def choose(self, store: ProgressStore) -> list[Question]:
        return learner.quiz_questions(store, self.topics, self.seed)

    def nothing_to_ask(self, store: ProgressStore) -> RenderableType:
        return Text("No questions match.", style=MUTED)

    @property
    def presented(self) -> Presented:
        assert self.session is not None
        return self.session.questions[self.index]

    # One question ------------------------------------------------------------

    def show_question(self) -> None:
        assert self.session is not None
        presented = self.presented
        title = self.titles.get(presented.question.topic, presented.question.topic)
        view = question_view(
            presented, self.index + 1, len(self.session.questions), topic_title=title
        )
        self.query_one("#question", Static).update(view)
        self.query_one("#feedback", Static).update("")
        self.query_one("#answer-problem", Problem).say("")
        box = self.query_one("#answer-box", Vertical)
        box.remove_children()
        widget = answer_widget(presented)
        box.mount(widget)
        widget.focus()
        self.query_one("#answer-how", Static).update(how_to_answer(presented))
        self.refresh_bindings()
        self.answered, self.used_hint, self.started = False, False, time.monotonic()

    @on(Input.Changed, ".answer")
    def _typing(self, event: Input.Changed) -> None:
        result = event.validation_result
        why = "" if result is None or result.is_valid else "; ".join(result.failure_descriptions)
        self.query_one("#answer-problem", Problem).say(why)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        self.query_one("#answer-problem", Problem).say(event.why)

    @on(SeveralChoices.SelectedChanged)
    def _ticked(self) -> None:
        self.query_one("#answer-problem", Problem).say("")

    @on(Answered)
    def _answered(self, event: Answered) -> None:
        if self.answered or self.session is None:
            return
        if event.text == HINT:
            self.action_hint()
            return
        outcome = self.session.answer(
            self.presented,
            event.text,
            seconds=time.monotonic() - self.started,
            used_hint=self.used_hint,
        )
        self.answered = True
        self.query_one(".answer").disabled = True
        last = self.index + 1 == len(self.session.questions)
        then = "your summary" if last else "the next question"
        self.query_one("#answer-how", Static).update(f"Saved. Enter: {then}")
        self.refresh_bindings()
        self.query_one("#answer-problem", Problem).say("")
        feedback = self.query_one("#feedback", Static)
        feedback.update(feedback_view(outcome, topic_id=outcome.question.topic))
        self.query_one("#quiz").focus()
        self.query_one("#quiz", VerticalScroll).scroll_to_widget(feedback, animate=False)

    def action_hint(self) -> None:
        if not self._asking():
            return
        hint = self.presented.question.hint
        if not hint:  # `?` typed in the answer field
            self.query_one("#answer-problem", Problem).say("This question has no hint.")
            return
        self.used_hint = True
        self.query_one("#answer-problem", Problem).say(Text(f"Hint: {hint}", style="yellow"))

    def _asking(self) -> bool:
        """A question is on screen, waiting for its answer."""
        return self.session is not None and not self.answered and not self.finished

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each key is offered only while it does something: a hint while a question that
        has one waits, `s` while ticks can be submitted, Enter once the answer is saved."""
        if action == "hint":
            return self._asking() and bool(self.presented.question.hint)
        if action == "submit":
            return self._asking() and bool(self.query(SeveralChoices))
        if action == "next":
            return self.answered
        return True

    def action_submit(self) -> None:
        widget = self.query(".answer").first()
        if not isinstance(widget, SeveralChoices) or self.answered:
            return
        if not widget.selected:  # an empty answer is a slip, not a wrong answer to save
            self.query_one("#answer-problem", Problem).say(NOTHING_TICKED)
            return
        widget.submit()

    def action_next(self) -> None:
        if self.session is None or not self.answered:
            return
        if self.index + 1 < len(self.session.questions):
            self.index += 1
            self.show_question()
            return
        self.query_one("#answer-box", Vertical).remove_children()
        self.query_one("#feedback", Static).update("")
        summary = summary_view(self.session, self.titles, planned=len(self.session.questions))
        self.query_one("#question", Static).update(summary)
        self.query_one("#answer-how", Static).update("Escape: back")
        self.answered, self.finished = False, True
        self.refresh_bindings()


class ReviewScreen(QuizScreen):
    """The cards that are due, most overdue first; with none due, when the next one is."""

    MODE = "review"

    def choose(self, store: ProgressStore) -> list[Question]:
        return learner.due_questions(store, self.seed)

    def nothing_to_ask(self, store: ProgressStore) -> RenderableType:
        return nothing_due_view(learner.next_due(store))
