"""The promises every demo in the catalog keeps, checked once for all of them.

A new model gets these for free by joining the catalog: determinism, stepping
equal to running, JSON-ready finite numbers, theory under metric names, a
view that fits 80x24 without clipping, bounded parameters, and a run that
stays under its event cap. Each model's own test file holds only its theory.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console

from primer_cli.render.demo import advance, final_report, frame, keys_hint
from primer_cli.render.demos import view_for
from primer_cli.sim.base import EVENT_CAP, Model
from primer_cli.sim.catalog import DEMOS, DemoInfo
from primer_cli.sim.params import Param, ParamProblem

UNITS = {"", "%", "count", "ms", "s", "/s", "×"}
# Bars, marks and box lines, which grow with the width; words must not.
DRAWING = set("█░·▁▂▃▄▅▆▇●■□▓▒✗╳◆✓✖↺…") | {chr(c) for c in range(0x2500, 0x2580)}


def model_of(info: DemoInfo) -> type[Model[Any]]:
    return info.load()


@pytest.fixture(params=DEMOS, ids=[info.name for info in DEMOS])
def info(request: pytest.FixtureRequest) -> DemoInfo:
    demo: DemoInfo = request.param
    return demo


def numbers_in(value: Any) -> Iterator[float]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float):
        yield float(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from numbers_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from numbers_in(item)


# Running ---------------------------------------------------------------------------------


def test_same_seed_gives_the_same_run_and_another_seed_another(info: DemoInfo) -> None:
    first = model_of(info)(seed=3)
    first_metrics = first.run()
    again = model_of(info)(seed=3)
    assert again.run() == first_metrics
    assert again.theory() == first.theory() and again.summary() == first.summary()
    assert model_of(info)(seed=4).run() != first_metrics


def test_stepping_gives_the_same_result_as_running(info: DemoInfo) -> None:
    stepped = model_of(info)()
    while not stepped.done:
        stepped.step()
    ran = model_of(info)()
    assert ran.run() == stepped.metrics()
    assert ran.events == stepped.events > 0
    assert stepped.progress in (None, 1.0)


def test_metrics_and_theory_are_json_ready_and_finite(info: DemoInfo) -> None:
    model = model_of(info)()
    metrics = model.run()
    for data in (model.params, metrics, model.theory()):
        json.dumps(data, allow_nan=False)  # raises on NaN, infinity or a non-JSON type
        assert all(math.isfinite(number) for number in numbers_in(data))


def test_theory_speaks_of_metrics_in_their_shape(info: DemoInfo) -> None:
    model = model_of(info)()
    metrics = model.run()
    for key, predicted in model.theory().items():
        assert key in metrics, key
        if isinstance(predicted, dict):
            assert isinstance(metrics[key], dict) and set(predicted) <= set(metrics[key])


def test_every_measure_names_a_metric_with_a_label_and_a_unit(info: DemoInfo) -> None:
    model_class = model_of(info)
    metrics = model_class().run()
    keys = [measure.key for measure in model_class.MEASURES]
    assert keys and len(set(keys)) == len(keys)
    for measure in model_class.MEASURES:
        assert measure.key in metrics and measure.label and measure.unit in UNITS
        assert measure.better in ("", "lower", "higher")
    assert set(model_class.HEADLINE) <= set(keys)


def test_it_says_what_to_notice_and_what_happened(info: DemoInfo) -> None:
    model = model_of(info)()
    assert 40 < len(model.notice()) <= 140  # two lines at most inside an 80-column frame
    model.run()
    summary = model.summary()
    assert summary.endswith(".") and len(summary) > 80
    assert re.search(r"\d", summary)  # it reads this run's own numbers
    assert not re.search(r"\b1 [a-z]{2,}s\b", summary)  # agreement goes through wording.py


def test_what_happened_can_be_told_at_any_moment(info: DemoInfo) -> None:
    """Stopped early (q, Ctrl-C, the TUI's pause), the summary still reads the numbers so far."""
    model = model_of(info)()
    for steps in (0, 1, 100, 5000):
        while model.events < steps and not model.done:
            model.step()
        assert model.what_happened().endswith("."), steps
        json.dumps(model.metrics(), allow_nan=False)


# Bounds and the event cap ---------------------------------------------------------------------


def numeric_params(info: DemoInfo) -> list[Param]:
    return [param for param in model_of(info).all_params() if param.numeric]


def test_every_numeric_parameter_has_bounds_that_are_enforced(info: DemoInfo) -> None:
    model_class = model_of(info)
    for param in numeric_params(info):
        assert param.minimum is not None and param.maximum is not None, param.name
        assert param.minimum <= float(param.default) <= param.maximum, param.name
        wrongs: list[int | float] = [param.maximum * 10 + 1, -1 - abs(param.minimum) * 10, 10**400]
        for wrong in wrongs:
            if param.minimum <= wrong <= param.maximum:
                continue  # a minimum of 0 and below it: nothing to try
            value = int(wrong) if param.kind is int or wrong == 10**400 else float(wrong)
            with pytest.raises(ParamProblem) as raised:
                model_class(**{param.name: value})
            assert raised.value.param == param.name
            assert "digit" in str(raised.value) or "must be" in str(raised.value)


def test_a_default_run_stays_under_its_event_cap_and_its_estimate(info: DemoInfo) -> None:
    model_class = model_of(info)
    model = model_class()
    assert model.params == model_class.defaults()
    model.run()
    estimate = model_class.estimated_events(model.params)
    assert model.events < EVENT_CAP < model.event_cap and not model.capped and model.finished
    assert estimate <= EVENT_CAP
    # The estimate decides what is refused, so it must be near the truth both ways.
    assert model.events <= 1.3 * estimate, (model.events, estimate)
    assert estimate <= 4 * model.events, (model.events, estimate)


def test_every_run_stops_at_the_event_cap(info: DemoInfo) -> None:
    model = model_of(info)()
    model.event_cap = 500
    model.run()
    assert model.done and model.capped and not model.finished
    assert model.events == 500
    assert model.what_happened().startswith("The run stopped at the cap of 500 events")


def test_the_biggest_runs_are_refused_before_they_start(info: DemoInfo) -> None:
    """Each parameter that makes a run longer, at its maximum: refused up front, or under the cap."""
    model_class = model_of(info)
    assert model_class.COST
    for name in model_class.COST:
        param = model_class.param(name)
        assert param.maximum is not None
        values = {name: param.kind(param.maximum)}
        try:
            params = model_class.resolve(values)
        except ParamProblem as problem:
            assert problem.param in model_class.COST
            assert "a run may take" in str(problem)
            continue
        assert model_class.estimated_events(params) <= EVENT_CAP


# Pictures --------------------------------------------------------------------------------


def rendered(renderable: Any, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text().rstrip("\n").split("\n")


def frames_through_a_run(info: DemoInfo, **params: Any) -> Iterator[Any]:
    """The live frame at the start, halfway (with its keys, and again saying what a key
    did) and at the end, then the final report."""
    model = model_of(info)(**params)
    view = view_for(info)
    keys = keys_hint(model)
    for elapsed in (0.0, model.ANIMATION_SECONDS / 2, model.ANIMATION_SECONDS * 2):
        advance(model, elapsed, deadline=math.inf)
        yield frame(info, model, view, live=True, keys=keys)
        if elapsed == model.ANIMATION_SECONDS / 2:
            said = f"{model.actions()[0].label}: not now, the rest of the run would take more than the 1,000,000 events a run may."
            yield frame(info, model, view, live=True, keys=keys, said=said)
    yield final_report(info, model, view=view)


@pytest.mark.parametrize("width", [80, 120])
def test_every_frame_fits_the_terminal(info: DemoInfo, width: int) -> None:
    *live_frames, report = frames_through_a_run(info)
    for live in live_frames:
        lines = rendered(live, width)
        assert len(lines) <= 24, "\n".join(lines)
        assert max(len(line) for line in lines) <= width
        assert f"primer demo {info.name}" in lines[0]
    assert max(len(line) for line in rendered(report, width)) <= width


def words(lines: list[str]) -> list[str]:
    """The text of a picture, without the bars and marks that grow with the width."""
    return sorted(token for line in lines for token in line.split() if not set(token) <= DRAWING)


def test_no_cell_is_clipped_at_80_columns(info: DemoInfo) -> None:
    """Everything said in a wide terminal is said, whole, at 80 columns."""
    for picture in frames_through_a_run(info):
        narrow, wide = words(rendered(picture, 80)), words(rendered(picture, 200))
        assert narrow == wide


def test_frames_fit_80x24_with_any_parameter_at_its_bounds(info: DemoInfo) -> None:
    """The most servers, shards, replicas, nodes or consumers still fit one screen."""
    model_class = model_of(info)
    view = view_for(info)
    for param in numeric_params(info):
        for value in (param.minimum, param.maximum):
            assert value is not None
            try:
                model = model_class(**{param.name: param.kind(value)})
            except ParamProblem:
                continue  # refused, with a message: nothing to draw
            for _ in range(2000):
                if model.done:
                    break
                model.step()
            lines = rendered(frame(info, model, view, live=True, keys=keys_hint(model)), 80)
            assert len(lines) <= 24, (param.name, value, "\n".join(lines))
            assert max(len(line) for line in lines) <= 80, (param.name, value)


# Comparisons ---------------------------------------------------------------------------------


COMPARABLE = [info for info in DEMOS if info.load().variants()]


@pytest.mark.parametrize("comparable", COMPARABLE, ids=[info.name for info in COMPARABLE])
def test_compare_runs_every_variant_with_the_same_seed_and_parameters(
    comparable: DemoInfo,
) -> None:
    model_class = model_of(comparable)
    runs = model_class.compare({"seed": 5})
    assert [run.variant for run in runs] == list(model_class.variants())
    if model_class.VARIANT:
        for run in runs:
            alone = model_class(seed=5, **{model_class.VARIANT: run.variant})
            assert run.metrics == alone.run()
            assert run.theory == alone.theory()
    assert model_class.compare_summary(runs).endswith(".")


def test_only_the_demos_that_already_show_both_sides_have_nothing_to_compare() -> None:
    """hashring draws ring and modulo in one run, queue has no policy to vary."""
    assert {info.name for info in DEMOS} - {info.name for info in COMPARABLE} == {
        "hashring",
        "queue",
    }
