"""What every simulation model shares: parameters, stepping, numbers, theory and words.

A model is deterministic given its `seed`, advances one event per `step()`,
exposes a typed `state()` for drawing, `metrics()` and `theory()` for numbers,
and `notice()` and `summary()` for what a learner should look at and what
happened. It never imports rich, textual or typer: the CLI and the TUI draw
the same model, and build their options and controls from the same `PARAMS`.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from primer_cli.sim.actions import Acted, Action, ActionRefused, acted_sentence
from primer_cli.sim.narrate import value as narrate_value
from primer_cli.sim.params import SEED, Param, ParamProblem, Value, number_text

S = TypeVar("S")
Params = Mapping[str, Value]

# A run whose estimate passes this is refused before it starts (benchmarks/bench_sim.py
# --worst times the biggest allowed runs). Estimates are approximate and arrivals random,
# so the hard stop while running sits a quarter higher: an estimate must be far off to hit it.
EVENT_CAP = 1_000_000
RUNTIME_CAP = EVENT_CAP * 5 // 4


@dataclass(frozen=True)
class Measure:
    """How to show one metric: a readable label, its unit, and which way is better.

    `unit` is "%" for a fraction shown as a percentage, "count" for whole
    numbers, "" for a plain number, or a unit written after the value
    ("ms", "s", "/s", "×"). `better` ("lower" or "higher") lets a comparison
    say which variant did best. `steady` marks a theory that holds at any
    moment of a run (a steady-state rate or ratio); any other theory predicts
    the whole run, so it is only comparable once the run is over.
    """

    key: str
    label: str
    unit: str = ""
    better: str = ""
    steady: bool = False


@dataclass(frozen=True)
class Run:
    """One finished run of one variant, for comparisons."""

    variant: str
    metrics: dict[str, Any]
    theory: dict[str, Any]


class Model(ABC, Generic[S]):
    """Subclasses declare PARAMS, MEASURES and NOTICE, and implement the event loop."""

    NAME: ClassVar[str]
    PARAMS: ClassVar[tuple[Param, ...]]
    MEASURES: ClassVar[tuple[Measure, ...]]  # what the faces show, in order; JSON has more
    NOTICE: ClassVar[str]  # one or two sentences: what to look at while it runs
    VARIANT: ClassVar[str | None] = None  # the choice parameter --compare runs through
    HEADLINE: ClassVar[tuple[str, ...]] = ()  # measures a comparison's summary speaks of
    COST: ClassVar[tuple[str, ...]] = ()  # parameters that make a run longer, biggest first
    # Wall-clock seconds an animation of a whole run takes at --speed 1 (paced on `progress`).
    ANIMATION_SECONDS: ClassVar[float] = 60.0
    ACTIONS: ClassVar[tuple[Action, ...]] = ()  # what a learner can do while it runs

    def __init__(self, **values: Any) -> None:
        self.params = self.resolve(values)
        self.rng = random.Random(self.params["seed"])
        self.events = 0  # events processed so far; benchmarks count these
        self.event_cap = RUNTIME_CAP
        self.acted: list[Acted] = []  # live actions, in the order they happened

    # Parameters ---------------------------------------------------------------

    @classmethod
    def all_params(cls) -> tuple[Param, ...]:
        return (*cls.PARAMS, SEED)

    @classmethod
    def param(cls, name: str) -> Param:
        for param in cls.all_params():
            if param.name == name:
                return param
        raise KeyError(name)

    @classmethod
    def defaults(cls) -> dict[str, Value]:
        """Every parameter's default, resolved: what a control shows before anyone touches it."""
        return cls.resolve({})

    @classmethod
    def resolve(cls, values: Mapping[str, Any]) -> dict[str, Value]:
        """Defaults filled in, every value validated, the run's size checked.

        `values` holds only what was given: defaults are decided here, once,
        and a default that no longer fits is blamed on the value that was given.
        """
        known = {p.name: p for p in cls.all_params()}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ParamProblem(f"{cls.NAME} has no parameter '{unknown[0]}'", param=unknown[0])
        given = frozenset(values)
        resolved: dict[str, Value] = {
            name: p.validate(values[name]) for name, p in known.items() if name in given
        }
        plain = {p.name: p.default for p in known.values()}
        for name, p in known.items():
            if name not in given:
                resolved[name] = p.validate(p.default_for({**plain, **resolved}, plain))
        ordered = {name: resolved[name] for name in known}
        cls.check(ordered, given)
        cls.check_size(ordered, given)
        return ordered

    @classmethod
    def check(cls, params: Params, given: Set[str]) -> None:
        """Cross-parameter checks (a heal after its partition); raise ParamProblem."""

    @classmethod
    def estimated_events(cls, params: Params) -> float:
        """About how many events (and units of set-up work) a run with these parameters takes."""
        return 0.0

    @classmethod
    def check_size(cls, params: Params, given: Set[str]) -> None:
        """Refuse, up front, a run bigger than EVENT_CAP, naming what to lower."""
        estimate = cls.estimated_events(params)
        if estimate <= EVENT_CAP:
            return
        blamed = next((name for name in cls.COST if name in given), cls.COST[0])
        names = ["{" + name + "}" for name in cls.COST]
        lower = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]
        raise ParamProblem(
            f"this run would take about {big_number(estimate)} events, more than the "
            f"{big_number(EVENT_CAP)} a run may take: lower {lower}",
            param=blamed,
        )

    # Running --------------------------------------------------------------------

    @property
    @abstractmethod
    def finished(self) -> bool:
        """True once the run has reached its natural end."""

    @property
    def done(self) -> bool:
        """True once the run has ended, naturally or at the event cap."""
        return self.finished or self.capped

    @abstractmethod
    def step(self) -> None:
        """Process one event (or one tick) of simulated time."""

    @property
    def progress(self) -> float | None:
        """How far the run has got, 0..1, so an animation can pace itself; None if unknown."""
        return None

    @property
    def cut_short(self) -> bool:
        """True while the numbers describe part of a run (stopped early, or at the cap):
        a summary then speaks of what happened so far, never of a whole run's theory."""
        return not self.finished

    @property
    def capped(self) -> bool:
        """True when the run stopped at `event_cap` rather than at its natural end."""
        return self.events >= self.event_cap

    def run(self) -> dict[str, Any]:
        """Step to the end and return the final metrics."""
        while not self.done:
            self.step()
        return self.metrics()

    # Acting on a running model ----------------------------------------------------------

    @classmethod
    def actions(cls) -> tuple[Action, ...]:
        return cls.ACTIONS

    @classmethod
    def action(cls, name: str) -> Action:
        for action in cls.ACTIONS:
            if action.name == name:
                return action
        raise ActionRefused(f"{cls.NAME} has no action '{name}'")

    def refusal(self, name: str) -> str | None:
        """Why the action `name` cannot happen now ('the network is already split'), or None."""
        return "the run has ended" if self.done or self.capped else None

    def act(self, name: str) -> None:
        """Do `name` now, and remember it; ActionRefused, changing nothing, if it cannot happen."""
        action = self.action(name)
        reason = self.refusal(name)
        if reason is not None:
            raise ActionRefused(f"{action.label}: not now, {reason}.")
        when = self.moment()
        self.perform(name)
        self.acted.append(Acted(action, self.done_text(name), when))

    def perform(self, name: str) -> None:
        """Carry out an action `refusal` has allowed; models with ACTIONS override it."""
        raise ActionRefused(f"{self.NAME} has no action '{name}'")

    def done_text(self, name: str) -> str:
        """What the action just did, for the summary; the action's own words unless a
        model says more ('switched to least-connections')."""
        return self.action(name).done

    def moment(self) -> str:
        """Where the run is, for the record of an action: 'at 12.5 s', 'after 4,000 requests'."""
        return f"after {number_text(self.events)} events"

    # What the faces show ------------------------------------------------------------

    @abstractmethod
    def state(self) -> S:
        """A typed snapshot for drawing: plain data, never a UI object."""

    @abstractmethod
    def metrics(self) -> dict[str, Any]:
        """The numbers this model is about; JSON-ready (plain numbers, lists, dicts)."""

    def theory(self) -> dict[str, Any]:
        """What theory predicts for some metrics, under the same keys; JSON-ready."""
        return {}

    def notice(self) -> str:
        """What to look at while it runs."""
        return self.NOTICE

    @abstractmethod
    def summary(self) -> str:
        """One paragraph on what happened, read from this run's own numbers."""

    def what_happened(self) -> str:
        """The summary, after what the learner did live, and first when the run was cut
        short by the event cap."""
        told = [acted_sentence(self.acted), self.summary()]
        if self.capped:
            told.insert(
                0,
                f"The run stopped at the cap of {self.event_cap:,} events, far past its "
                "estimate: these are the numbers so far.",
            )
        return " ".join(part for part in told if part)

    # Comparing variants -----------------------------------------------------------------

    @classmethod
    def variants(cls) -> tuple[str, ...]:
        """The names `compare` runs through; empty when there is nothing to compare."""
        return cls.param(cls.VARIANT).choices if cls.VARIANT else ()

    @classmethod
    def compare(cls, values: Mapping[str, Any]) -> list[Run]:
        """Every variant with the same seed and parameters, each run to its end."""
        return list(cls.compare_runs(values))

    @classmethod
    def compare_runs(cls, values: Mapping[str, Any]) -> Iterator[Run]:
        """The runs of `compare`, one at a time, so a face can show progress or stop early."""
        if not cls.VARIANT:
            return
        if cls.VARIANT in values:
            raise ParamProblem(
                f"a comparison runs every {cls.VARIANT}: leave {{{cls.VARIANT}}} out",
                param=cls.VARIANT,
            )
        models = [cls(**values, **{cls.VARIANT: variant}) for variant in cls.variants()]
        for variant, model in zip(cls.variants(), models, strict=True):
            yield Run(variant, model.run(), model.theory())

    @classmethod
    def shared_params(cls, values: Mapping[str, Any]) -> dict[str, Value]:
        """The resolved parameters every variant of a comparison shares."""
        params = cls.resolve(values)
        params.pop(cls.VARIANT or "", None)
        return params

    @classmethod
    def compare_summary(cls, runs: Sequence[Run]) -> str:
        """Which variant did best and worst on the measures where that is clear."""
        by_key = {measure.key: measure for measure in cls.MEASURES}
        headline = [by_key[key] for key in cls.HEADLINE] or list(cls.MEASURES[:3])
        sentences = [_best_and_worst(measure, runs) for measure in headline]
        return " ".join(s for s in sentences if s) or "Every variant gave the same numbers."


def _best_and_worst(measure: Measure, runs: Sequence[Run]) -> str:
    scored = [
        (run.metrics[measure.key], run.variant)
        for run in runs
        if isinstance(run.metrics.get(measure.key), int | float)
        and not isinstance(run.metrics.get(measure.key), bool)
    ]
    if not measure.better or len(scored) < 2 or len({value for value, _ in scored}) < 2:
        return ""
    low, high = min(scored), max(scored)
    best, worst = (low, high) if measure.better == "lower" else (high, low)
    return (
        f"{measure.label}: best {best[1]} ({narrate_value(best[0], measure.unit)}), "
        f"worst {worst[1]} ({narrate_value(worst[0], measure.unit)})."
    )


def big_number(count: float) -> str:
    """'2 million', '1.2 billion', '45,000': a count for a sentence."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if count >= size:
            return f"{count / size:.3g} {name}"
    return number_text(round(count))
