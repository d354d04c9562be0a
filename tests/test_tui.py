"""Pilot tests of `primer tui`: every screen driven headless with App.run_test(), as a person would with keys.

Each test runs the app against its own PRIMER_HOME (tests/conftest.py), so
answers and reads land in a temporary store that the test then opens with
the core's own functions.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static

from primer_cli.paths import progress_path, reads_log_path
from primer_cli.quiz.reads import reads_since
from primer_cli.quiz.schema import QuestionKind
from primer_cli.quiz.store import open_store
from primer_cli.sim.catalog import demo_names
from primer_cli.topics.store import library
from primer_cli.tui import learner
from primer_cli.tui.app import PrimerApp, make_app
from primer_cli.tui.screens.demo import DemoScreen
from primer_cli.tui.screens.demos import DemoListScreen
from primer_cli.tui.screens.estimate import EstimateScreen
from primer_cli.tui.screens.help import HelpScreen
from primer_cli.tui.screens.home import HomeScreen
from primer_cli.tui.screens.progress import ProgressScreen
from primer_cli.tui.screens.quiz import QuizScreen, ReviewScreen
from primer_cli.tui.screens.topic import TopicScreen
from primer_cli.tui.start import Start
from primer_cli.tui.widgets.answers import OneChoice, SeveralChoices, TypedAnswer
from primer_cli.tui.widgets.topic_tree import TopicTree

Scenario = Callable[[PrimerApp, Pilot[None]], Awaitable[None]]
SIZE = (100, 32)


def drive(scenario: Scenario, start: Start | None = None, size: tuple[int, int] = SIZE) -> None:
    async def main() -> None:
        app = make_app(start or Start(still=True))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (its content may be any Rich renderable)."""
    console = Console(width=SIZE[0], file=io.StringIO(), color_system=None)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


def tree_topics(app: PrimerApp) -> list[str]:
    tree = app.screen.query_one(TopicTree)
    return [leaf.data for branch in tree.root.children for leaf in branch.children if leaf.data]


# Home and reading ---------------------------------------------------------------


def test_home_lists_every_topic_by_category_and_suggests_the_next_step() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert tree_topics(app) == [t.id for t in library()]
        tree = app.screen.query_one(TopicTree)
        assert [str(b.label) for b in tree.root.children] == list(library().categories())
        first = library().topics[0]
        assert app.screen.suggestion is not None
        assert app.screen.suggestion.command == f"primer learn {first.id}"
        assert first.title in text_of(app.screen.query_one("#next", Static))

    drive(scenario)


def test_filter_narrows_the_tree_and_enter_opens_the_topic() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"write beh")
        await settle(pilot)
        assert tree_topics(app) == ["write-behind"]
        await pilot.press("enter")  # leaves the filter for the tree
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)
        assert app.screen.topic.id == "write-behind"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("escape")  # never leaves the home screen
        assert isinstance(app.screen, HomeScreen)

    drive(scenario)


def test_a_filter_matching_nothing_leaves_an_empty_tree() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("slash", *"zzzz")
        await settle(pilot)
        assert tree_topics(app) == []
        assert app.screen.query_one("#filter", Input).border_subtitle == "0 topics"
        assert "No topic matches 'zzzz'" in text_of(app.screen.query_one("#topic-preview", Static))

    drive(scenario)


def test_the_tree_widens_with_the_terminal_until_no_title_is_cut() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        assert tree.virtual_size.width <= tree.scrollable_content_region.width

    drive(scenario, size=(120, 40))


def test_the_preview_follows_the_cursor_after_filtering() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        await pilot.press("down", "down", "down")  # away from the first topic
        await pilot.press("slash", *"cach", "enter")
        await settle(pilot)
        preview = text_of(app.screen.query_one("#topic-preview", Static))
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert preview.startswith(library().get(tree.cursor_node.data).title)

    drive(scenario)


def test_topic_page_has_tradeoffs_related_topics_and_marks_the_topic_read() -> None:
    topic = library().get("cap-theorem")

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TopicScreen)
        tradeoffs = text_of(screen.query_one("#tradeoffs", Static))
        assert all(row.option.split()[0] in tradeoffs for row in topic.tradeoffs)
        related = screen.query_one("#related", OptionList)
        ids = [related.get_option_at_index(i).id for i in range(related.option_count)]
        assert ids == [*(f"topic:{r}" for r in topic.related), "demo:partition"]
        reads, _ = reads_since(reads_log_path(), 0)
        assert [topic_id for _, topic_id in reads] == ["cap-theorem"]
        related.focus()
        await pilot.press("enter")  # the first related topic
        await settle(pilot)
        assert isinstance(app.screen, TopicScreen)
        assert app.screen.topic.id == topic.related[0]

    drive(scenario, Start(topic="cap-theorem", still=True))


@pytest.mark.parametrize("width", [80, 120])
def test_the_tradeoffs_table_fits_the_width_and_keeps_every_word(width: int) -> None:
    topic = library().get("cap-theorem")

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        table = app.screen.query_one("#tradeoffs", Static)
        assert table.region.right <= width
        assert table.size.width >= width - 4, "the table does not grow with the terminal"
        shown = " ".join(widget_text(table).replace("│", " ").split())
        assert "…" not in shown
        for row in topic.tradeoffs:
            for word in f"{row.option} {row.pros} {row.cons} {row.when}".split():
                assert word.strip("`") in shown

    drive(scenario, Start(topic="cap-theorem", still=True), size=(width, 40))


def test_the_whole_page_arrives_after_the_first_chunk() -> None:
    topic = library().get("database")

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        markdown = app.screen.query_one("#topic-text")
        source = markdown.source  # type: ignore[attr-defined]
        assert topic.sections[-1].heading in source
        assert topic.key_points[-1] in source

    drive(scenario, Start(topic="database", still=True))


def test_from_a_topic_one_key_opens_its_demo_and_one_key_its_quiz() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DemoScreen)
        assert app.screen.demo_info.name == "partition"
        await pilot.press("escape", "z")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.session is not None
        assert {p.question.topic for p in app.screen.session.questions} == {"cap-theorem"}

    drive(scenario, Start(topic="cap-theorem", still=True))


def test_command_palette_finds_a_demo_by_fuzzy_name() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"watch hashr")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DemoScreen)
        assert app.screen.demo_info.name == "hashring"

    drive(scenario)


def test_the_palette_has_no_keys_panel_command() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Theme" in titles and "Keys" not in titles

    drive(scenario)


def test_help_lists_the_keys_of_the_screen_below_and_closes() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = text_of(app.screen.query(Static).last())
        assert "Demos" in keys
        assert any(line.split()[:2] == ["q", "Quit"] for line in keys.splitlines())
        assert "Copy selected text" not in keys
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

    drive(scenario)


def test_theme_toggles_between_dark_and_light() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"

    drive(scenario)


def test_q_quits_and_ctrl_c_quits_with_130() -> None:
    async def quit_with_q(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running

    async def interrupt(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 130

    drive(quit_with_q)
    drive(interrupt)


# Demos --------------------------------------------------------------------------


def test_demo_list_opens_the_chosen_demo() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DemoListScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DemoScreen)
        assert app.screen.demo_info.name == "cache"

    drive(scenario)


def test_demo_runs_on_its_timer_then_pause_step_and_reset() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        await pilot.pause(0.6)
        model = screen.demo_run.model
        assert model.events > 0, "the timer did not step the model"
        await pilot.press("space")
        paused_at = screen.demo_run.model.events
        await pilot.pause(0.3)
        assert screen.demo_run.model.events == paused_at
        await pilot.press("s")
        assert screen.demo_run.model.events == paused_at + 1
        await pilot.press("r")
        assert screen.demo_run.model.events == 0
        assert screen.demo_run.paused

    drive(scenario, Start(demo="queue"))


def test_changing_a_parameter_restarts_the_model_with_it() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        before = screen.demo_run.model_class(**screen.demo_run.params).run()
        field = screen.query_one("#param-nodes", Input)
        field.value = "20"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.demo_run.params["nodes"] == 20
        after = screen.demo_run.model.run()
        assert (
            after["keys"] != before["keys"] or after["moved_fraction"] != before["moved_fraction"]
        )
        assert (
            len(after["per_node"] if "per_node" in after else screen.demo_run.model.state().nodes)
            == 21
        )

    drive(scenario, Start(demo="hashring", still=True))


def test_a_value_the_model_refuses_is_marked_and_changes_nothing() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        screen.query_one("#controls").remove_class("-hidden")  # beside the picture only from 110
        field = screen.query_one("#param-nodes", Input)
        field.value = "0"
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.demo_run.params["nodes"] == 10
        assert field.has_class("-invalid")
        assert field.content_region.height == 1, "the mark hid what was typed"
        assert "at least 1" in text_of(screen.query_one("#problem-nodes", Static))

    drive(scenario, Start(demo="hashring", still=True))


def test_c_focuses_the_first_field_and_escape_leaves_the_field_not_the_demo() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        await pilot.press("space")  # running
        await pilot.pause(0.3)
        await pilot.press("c")
        await pilot.pause()
        assert app.focused is screen.query_one("#param-nodes", Input)
        await pilot.press(*"12")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "Escape in a field left the demo"
        assert app.focused is screen.query_one("#stage-column")
        assert screen.query_one("#controls").has_class("-hidden")  # 100 columns: made way
        assert screen.demo_run.model.events > 0, "the run was lost"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

    drive(scenario, Start(demo="hashring", still=True))


def test_page_down_brings_the_measures_into_view_at_80x24() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        screen.set_focus(None)  # the screen's keys, not the scrolled column's own
        stage, metrics = screen.query_one("#stage-column"), screen.query_one("#metrics")
        assert metrics.region.y >= stage.region.bottom or stage.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert stage.scroll_y > 0
        assert stage.region.y <= metrics.region.y < stage.region.bottom, (
            "the measures are not in view"
        )
        await pilot.press("pageup")
        await pilot.pause()
        assert stage.scroll_y == 0

    drive(scenario, Start(demo="hashring", still=True), size=(80, 24))


def test_a_choice_parameter_applies_at_once() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        default = screen.demo_run.model.run()["hit_ratio"]
        screen.query_one("#param-policy", Select).value = "fifo"
        await pilot.pause()
        assert screen.demo_run.params["policy"] == "fifo"
        assert screen.demo_run.model.run()["hit_ratio"] != default

    drive(scenario, Start(demo="cache", still=True))


@pytest.mark.parametrize("name", demo_names())
def test_every_demo_draws_its_picture_measures_notice_and_trend(name: str) -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        for _ in range(50):
            screen.demo_run.step_once()
        screen.redraw()
        await pilot.pause()
        assert screen.trend, "no key metric sampled"
        model = screen.demo_run.model
        assert model.MEASURES[0].label in text_of(screen.query_one("#metrics", Static))
        assert text_of(screen.query_one("#stage", Static)).strip(), "no picture"
        notice = " ".join(text_of(screen.query_one("#notice", Static)).split())
        assert " ".join(model.notice().split())[:40] in notice

    drive(scenario, Start(demo=name, still=True))


@pytest.mark.parametrize("name", demo_names())
def test_what_happened_shows_whole_at_80x24_once_the_run_is_over(name: str) -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        screen.demo_run.model.run()
        screen.redraw()
        await pilot.pause()
        box, notice = screen.query_one("#notice-box"), screen.query_one("#notice", Static)
        shown = " ".join(text_of(notice).split())
        assert " ".join(screen.demo_run.model.what_happened().split()) in shown
        assert box.size.height >= notice.size.height, "what happened is cut"
        assert screen.query_one("#stage-column").size.height >= 12, "no room left for the picture"

    drive(scenario, Start(demo=name, still=True), size=(80, 24))


@pytest.mark.parametrize("name", demo_names())
def test_the_trend_follows_one_measure_all_run_and_shows_it_as_the_table_does(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from primer_cli.render.measures import format_measure
    from primer_cli.tui.screens import demo as demo_screen

    monkeypatch.setattr(demo_screen, "TREND_EVERY", 0.0)  # a point at every redraw

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        model = screen.demo_run.model
        followed: set[tuple[str, ...]] = set()
        while not model.done:  # a point every 5% of the run
            mark = (model.progress or 0.0) + 0.05
            while not model.done and (model.progress or 0.0) < mark:
                model.step()
            screen.redraw()
            followed.add(tuple(screen.trend))
        assert len(followed - {()}) == 1, f"the trend changed measure: {followed}"
        await pilot.pause()
        measure = screen.trend_measure
        assert measure is not None
        label = text_of(screen.query_one("#trend-label-0", Static))
        value = next(iter(demo_screen.trend_values(measure, model.metrics()).values()))
        assert f"  {format_measure(value, measure.unit)}  over time" in label

    drive(scenario, Start(demo=name, still=True))


def test_a_crash_at_any_moment_is_shown_to_the_hundredth_of_a_second() -> None:
    import re

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        screen = app.screen
        assert isinstance(screen, DemoScreen)
        model = screen.demo_run.model
        while (model.progress or 0.0) < 0.0977:
            model.step()
        await pilot.press("f")
        await pilot.pause()
        picture = text_of(screen.query_one("#stage", Static))
        assert re.search(r"crashed at \d+\.\d\d s and restarted", picture), picture

    drive(scenario, Start(demo="write-policy", still=True))


# Quiz and review ----------------------------------------------------------------


async def answer_current(app: PrimerApp, pilot: Pilot[None]) -> None:
    """Answer whatever is asked with the widget for its kind (right or wrong does not matter)."""
    screen = app.screen
    widget = screen.query_one(".answer")
    if isinstance(widget, OneChoice):
        await pilot.press("enter")
    elif isinstance(widget, SeveralChoices):
        await pilot.press("space", "s")
    else:
        assert isinstance(widget, TypedAnswer)
        kind = screen.presented.question.kind  # type: ignore[attr-defined]
        answer = "1" if kind is QuestionKind.NUMERIC else ",".join(screen.presented.letters)  # type: ignore[attr-defined]
        widget.value = answer
        await pilot.press("enter")
    await pilot.pause()


def test_answering_in_the_app_writes_to_the_same_store_as_primer_quiz(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(learner, "new_seed", lambda: 7)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        for _ in range(2):
            await answer_current(app, pilot)
            assert screen.answered
            assert "Read more" in text_of(screen.query_one("#feedback", Static))
            await pilot.press("enter")
        assert len(screen.session.outcomes) == 2

    drive(scenario, Start(quiz_topic="cap-theorem", still=True))
    with open_store(progress_path()) as store:
        assert store.totals_by_topic()["cap-theorem"][0] == 2


def test_a_numeric_answer_that_cannot_be_read_is_flagged_before_it_is_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from primer_cli.quiz.pool import drawn, question_pool
    from primer_cli.quiz.shipped import bank

    numeric = [q for q in drawn(question_pool(bank(), kinds={QuestionKind.NUMERIC}), 7)][:1]
    monkeypatch.setattr(learner, "quiz_questions", lambda *args, **kwargs: numeric)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        await pilot.press(*"twelve")
        await pilot.pause()
        problem = text_of(screen.query_one("#answer-problem", Static))
        assert problem.strip(), "no message for an unreadable number"
        await pilot.press("enter")
        assert not screen.answered, "an unreadable answer was sent"

    drive(scenario, Start(quiz_topic="", still=True))


def test_review_with_nothing_due_says_so() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Nothing to review yet" in text_of(app.screen.query_one("#question", Static))

    drive(scenario)


def test_review_asks_the_due_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    """A card answered wrong is due again; a review later asks exactly it."""
    monkeypatch.setattr(learner, "new_seed", lambda: 7)
    clock = {"now": time.time()}  # answers are stamped with the real clock
    monkeypatch.setattr("primer_cli.tui.learner.time.time", lambda: clock["now"])
    asked: list[str] = []

    async def answer_one(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        asked.append(screen.presented.question.id)
        await answer_current(app, pilot)

    drive(answer_one, Start(quiz_topic="cap-theorem", still=True))
    clock["now"] += 400 * 86_400  # long after any first interval

    async def review(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.session is not None
        assert [p.question.id for p in screen.session.questions] == asked

    drive(review)


# Estimate and progress ------------------------------------------------------------


def test_estimate_recomputes_as_you_type_and_flags_an_invalid_field() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EstimateScreen) and screen.report is not None
        first = screen.report
        users = screen.query_one("#field-users", Input)
        users.value = "lots"
        await pilot.pause()
        assert users.has_class("-invalid")
        assert users.content_region.height == 1, "the mark hid what was typed"
        assert text_of(screen.query_one("#problem-users", Static)).strip()
        assert screen.report is first, "an invalid field must not change the estimate"
        users.value = "20M"
        await pilot.pause()
        assert not users.has_class("-invalid")
        assert screen.report is not first
        assert screen.report.traffic.per_second == pytest.approx(2 * first.traffic.per_second)

    drive(scenario)


def test_page_down_scrolls_the_estimate_report_from_a_field() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(app.focused, Input)
        report = screen.query_one("#estimate-report")
        assert report.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert report.scroll_y > 0 and isinstance(app.focused, Input)
        await pilot.press("pageup")
        await pilot.pause()
        assert report.scroll_y == 0

    drive(scenario, size=(80, 24))


def test_progress_shows_what_was_read_and_answered() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        app.open_topic("dns")
        await settle(pilot)
        await pilot.press("escape", "p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.measured is not None
        assert [t.id for t in screen.measured.topics if t.read] == ["dns"]
        assert "topics read" in text_of(screen.query_one("#progress-view", Static))

    drive(scenario)


def test_a_damaged_store_is_reported_and_the_app_carries_on(isolated_home: Path) -> None:
    progress_path().write_bytes(b"this is not a database" * 100)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen) and app.screen.session is not None

    drive(scenario)
    assert list(isolated_home.glob("progress.sqlite3.corrupt-*"))


def several_choice_questions() -> list[Any]:
    from primer_cli.quiz.pool import drawn, question_pool
    from primer_cli.quiz.shipped import bank

    return list(drawn(question_pool(bank(), kinds={QuestionKind.MULTIPLE}), 7))[:2]


def test_submitting_nothing_ticked_is_refused_and_saves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    questions = several_choice_questions()
    monkeypatch.setattr(learner, "quiz_questions", lambda *args, **kwargs: questions)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        await pilot.press("s")
        await pilot.pause()
        assert not screen.answered
        assert screen.session.outcomes == []
        assert "Tick at least one" in text_of(screen.query_one("#answer-problem", Static))
        await pilot.press("space")
        await pilot.pause()
        assert not screen.query_one("#answer-problem", Static).display
        await pilot.press("s")
        await pilot.pause()
        assert screen.answered and len(screen.session.outcomes) == 1

    drive(scenario, Start(quiz_topic="", still=True))
    with open_store(progress_path()) as store:
        assert sum(given for given, _ in store.totals_by_topic().values()) == 1


def widget_text(widget: Any) -> str:
    """Every line a line-drawn widget shows, as plain text with its spaces run together."""
    lines = (widget.render_line(y) for y in range(widget.size.height))
    return " ".join(" ".join(segment.text for line in lines for segment in line).split())


@pytest.mark.parametrize("question_id", ["election-fencing-token", "ratelimit-distributed"])
def test_long_choices_wrap_whole_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, question_id: str
) -> None:
    from primer_cli.quiz.pool import question_pool
    from primer_cli.quiz.shipped import bank
    from primer_cli.render.topic import inline

    question = [q for q in question_pool(bank()) if getattr(q, "id", "") == question_id]
    monkeypatch.setattr(learner, "quiz_questions", lambda *args, **kwargs: question)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.session is not None
        shown = widget_text(screen.query_one(".answer"))
        assert "…" not in shown
        for letter, choice in zip(screen.presented.letters, screen.presented.choices, strict=True):
            assert f"{letter}) {' '.join(inline(choice).plain.split())}" in shown

    drive(scenario, Start(quiz_topic="", still=True), size=(80, 24))


def questions_by_id(*ids: str) -> list[Any]:
    from primer_cli.quiz.pool import question_pool
    from primer_cli.quiz.shipped import bank

    pool = {getattr(q, "id", ""): q for q in question_pool(bank())}
    return [pool[question_id] for question_id in ids]


def footer_descriptions(app: PrimerApp) -> set[str]:
    from textual.widgets._footer import FooterKey

    return {key.description for key in app.screen.query(FooterKey)}


def test_the_quiz_offers_only_the_keys_and_texts_true_at_each_moment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hint only while a question that has one waits; Enter only once the answer is saved."""
    asked = questions_by_id("cap-choice-only-during-partition", "scaling-downstream-connections")
    monkeypatch.setattr(learner, "quiz_questions", lambda *args, **kwargs: asked)

    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen)
        assert "Hint" in footer_descriptions(app) and "Next" not in footer_descriptions(app)
        await pilot.press("enter")  # answers the first, which has a hint
        await pilot.pause()
        assert "Hint" not in footer_descriptions(app) and "Next" in footer_descriptions(app)
        assert "the next question" in text_of(screen.query_one("#answer-how", Static))
        await pilot.press("enter")
        await pilot.pause()
        field = screen.query_one(TypedAnswer)  # the second has no hint
        assert "hint" not in field.placeholder
        assert "Hint" not in footer_descriptions(app)
        await pilot.press("enter")  # nothing typed
        await pilot.pause()
        assert not screen.answered
        assert "first, then Enter" in text_of(screen.query_one("#answer-problem", Static))
        await pilot.press("question_mark", "enter")
        await pilot.pause()
        assert "no hint" in text_of(screen.query_one("#answer-problem", Static))
        field.value = "100"
        await pilot.press("enter")
        await pilot.pause()
        assert "your summary" in text_of(screen.query_one("#answer-how", Static))
        await pilot.press("enter")  # the summary
        await pilot.pause()
        assert "Enter" not in text_of(screen.query_one("#answer-how", Static))
        assert not {"Hint", "Next", "Submit ticks"} & footer_descriptions(app)

    drive(scenario, Start(quiz_topic="", still=True))


def test_nothing_to_review_offers_no_hint() -> None:
    async def scenario(app: PrimerApp, pilot: Pilot[None]) -> None:
        await pilot.press("r")
        await settle(pilot)
        assert not {"Hint", "Next", "Submit ticks"} & footer_descriptions(app)

    drive(scenario)


def test_web_on_a_taken_port_fails_without_announcing_an_address() -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "primer_cli", "tui", "--web", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert "primer is at" not in done.stdout + done.stderr
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr
