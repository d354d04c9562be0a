"""`primer demo`: one subcommand per demo in the catalog, built from its model's parameters.

Nothing here names a model: `DemoGroup` lists the catalog and builds a demo's
command only when it is asked for, from the model's `PARAMS`, so adding a model
needs no edit here and `primer --version` never imports a model. Defaults and
limits live in the model; this module spells each parameter as a flag
(`fail_at` → `--fail-at`), passes on only what was typed, and turns the core's
problems into usage errors that name the flag. Only Typer and the standard
library load at the top.
"""

from __future__ import annotations

import inspect
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, NoReturn

import typer
from typer.main import get_command

from primer_cli.cli._app import PrimerGroup, PrimerTyper, console, print_json
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from typer._click.core import Context  # the type Typer's own classes declare

    from primer_cli.sim.base import Model, Run
    from primer_cli.sim.catalog import DemoInfo
    from primer_cli.sim.params import Param

NO_VALUE = ("none", "off", "never")  # spellings of "no fault" for optional parameters
RUNNER_OPTIONS = ("ctx", "speed", "as_json", "compare")  # names the runner adds to every demo
EXIT_INTERRUPTED = 130


def flag(name: str) -> str:
    """The command-line spelling of a model parameter: `fail_at` → `--fail-at`."""
    return "--" + name.replace("_", "-")


class DemoGroup(PrimerGroup):
    """The `demo` group: its subcommands are the catalog's demos, built on first use."""

    def list_commands(self, ctx: Context) -> list[str]:
        from primer_cli.sim.catalog import demo_names

        return [*super().list_commands(ctx), *demo_names()]

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.list_commands(ctx):
            from primer_cli.sim.catalog import demo

            command = build_command(demo(cmd_name))
            self.commands[cmd_name] = command  # build each demo's command once
        return command

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        known = self.list_commands(ctx)
        if name and not name.startswith("-") and name not in known:
            args = [self._demo_named(ctx, name, known), *args[1:]]
        return super().resolve_command(ctx, args)

    def _demo_named(self, ctx: Context, name: str, known: list[str]) -> str:
        """The demo `name` means: a demo in another case, or the one demo that shows the topic
        `name`; a usage error naming the demos of a topic several show, or the nearest name."""
        by_case = {command.lower(): command for command in known}
        if name.lower() in by_case:
            return by_case[name.lower()]
        found = topic_demos(name)
        if found is None:
            ctx.fail(unknown_demo_message(name, known))
        title, demos = found
        shown_by = " and ".join(f"primer demo {d}" for d in demos)
        if len(demos) > 1:
            ctx.fail(f"No demo is called '{name}'; {title} is shown by {shown_by}.")
        # Opening it is what the person asked for; stderr says so and keeps --json clean.
        from rich.markup import escape

        console(stderr=True).print(
            escape(f"No demo is called '{name}'; {shown_by} shows {title}."), style="dim"
        )
        return demos[0]


def topic_demos(name: str) -> tuple[str, list[str]] | None:
    """The title of the topic called `name` (id, title or alias, exactly) and the demos
    that show it; None when no topic is called that or no demo shows it."""
    from primer_cli.errors import PrimerError
    from primer_cli.sim.catalog import demos_for_topic
    from primer_cli.topics.library import normalize
    from primer_cli.topics.store import library

    try:
        topic = library().find(name)
    except PrimerError:  # not a topic, or the topics cannot be read: an unknown demo name
        return None
    if normalize(name) not in {normalize(alias) for alias in topic.names}:
        return None  # a prefix of some topic's name is too loose to open a demo by
    demos = [info.name for info in demos_for_topic(topic.id)]
    return (f"the topic {topic.title}", demos) if demos else None


def unknown_demo_message(name: str, known: list[str]) -> str:
    import difflib  # only on a mistyped name

    close = difflib.get_close_matches(name, known, n=1)
    guess = f" Did you mean '{close[0]}'?" if close else ""
    return f"There is no demo '{name}'.{guess} See `primer demo --list`."


# Building a demo's command ------------------------------------------------------------


def build_command(info: DemoInfo) -> Any:
    """A Typer command for one demo: the model's parameters become options."""
    model_class = info.load()
    parameters = [_parameter(param, model_class) for param in model_class.all_params()]
    clashes = {p.name for p in parameters} & set(RUNNER_OPTIONS)
    if clashes:  # a programming error in a model, not a user mistake
        raise RuntimeError(f"{model_class.__name__} declares reserved parameters {sorted(clashes)}")
    parameters = [_context_parameter(), *parameters, *_runner_parameters(model_class)]

    def run_this_demo(ctx: typer.Context, **values: Any) -> None:
        given = {
            name: value
            for name, value in values.items()
            if name in RUNNER_OPTIONS or _was_typed(ctx, name)
        }
        run_demo(info, model_class, given)

    run_this_demo.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run_this_demo.__annotations__ = {p.name: p.annotation for p in parameters}
    return _typer_command(info.name, run_this_demo, help_text=_help_text(info))


def _was_typed(ctx: typer.Context, name: str) -> bool:
    """True unless the value is the option's default: the model decides those."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _typer_command(name: str, function: Callable[..., None], *, help_text: str) -> Any:
    single = PrimerTyper(add_completion=False)
    single.command(name=name, help=help_text)(function)
    return get_command(single)


def _help_text(info: DemoInfo) -> str:
    learn = ", ".join(f"primer learn {topic}" for topic in info.topics)  # help shows no marks
    return f"{info.title}. {info.description}\n\nLearn the theory: {learn}."


def _context_parameter() -> inspect.Parameter:
    return inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )


def _parameter(param: Param, model_class: type[Model[Any]]) -> inspect.Parameter:
    """One keyword parameter whose default is a typer.Option built from a model Param."""
    declaration = flag(param.name)
    if param.kind is bool:
        declaration = f"{declaration}/--no-{declaration[2:]}"
    option = typer.Option(
        None if param.optional else param.default,
        declaration,
        help=_option_help(param, model_class),
        metavar=_metavar(param),
        show_default=not param.optional,
    )
    return inspect.Parameter(
        param.name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=_annotation(param)
    )


def _annotation(param: Param) -> Any:
    if param.choices:
        return Literal.__getitem__(param.choices)  # Typer turns a Literal into a choice
    if param.optional:
        return str | None  # a number, or one of NO_VALUE; converted by parse_optional
    return param.kind


def _metavar(param: Param) -> str | None:
    if param.optional:
        return f"<{param.kind.__name__}|none>"
    return None


def _option_help(param: Param, model_class: type[Model[Any]]) -> str:
    """The model's help, its bounds and, for a fault, how its default follows the run."""
    text = param.help
    if param.optional:
        text += f" {_optional_default(param, model_class)}; 'none' turns it off."
    if param.numeric:
        text += f" Range: {param.range_text()}."
    return text


def _optional_default(param: Param, model_class: type[Model[Any]]) -> str:
    default = f"Default {param.bound_text(float(param.default))}"
    if param.scales_with is None:
        return default
    base = model_class.param(param.scales_with)
    share = Fraction(float(param.default) / float(base.default)).limit_denominator(20)
    return f"{default}, {share} of the way through {flag(base.name)}"


def _runner_parameters(model_class: type[Model[Any]]) -> list[inspect.Parameter]:
    speed = typer.Option(
        1.0,
        "--speed",
        help="Animation speed: 2 is twice as fast, 0.5 half as fast.",
        min=0.01,
        max=1000,
    )
    as_json = typer.Option(
        False,
        "--json",
        help="Run headless to the end and print {demo, params, metrics, theory, summary} as JSON.",
    )
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [
        inspect.Parameter("speed", keyword, default=speed, annotation=float),
        inspect.Parameter("as_json", keyword, default=as_json, annotation=bool),
    ]
    if model_class.variants():
        what = model_class.VARIANT or "protocol"
        compare = typer.Option(
            False,
            "--compare",
            help=f"Run every {what} ({', '.join(model_class.variants())}) with the same seed and "
            "parameters and show them side by side; with --json: {demo, params, runs}.",
        )
        parameters.append(inspect.Parameter("compare", keyword, default=compare, annotation=bool))
    return parameters


def parse_optional(model_class: type[Model[Any]], values: dict[str, Any]) -> dict[str, Any]:
    """Optional parameters arrive as text: 'none' means no value, anything else a number."""
    parsed = dict(values)
    for param in model_class.all_params():
        text = values.get(param.name)
        if param.optional and text is not None and str(text).strip().lower() in NO_VALUE:
            parsed[param.name] = None
    return parsed


# Running a demo ---------------------------------------------------------------------------


@contextmanager
def flags_for_problems() -> Iterator[None]:
    """The core names parameters; the command line names flags."""
    from primer_cli.sim.params import ParamProblem

    try:
        yield
    except ParamProblem as problem:
        raise UsageProblem(problem.spelled(flag), param=flag(problem.parameter)) from None


def run_demo(info: DemoInfo, model_class: type[Model[Any]], values: dict[str, Any]) -> None:
    """Parse, compute, render: headless JSON, a comparison, a live animation, or a final table."""
    speed, as_json = values.pop("speed", 1.0), values.pop("as_json", False)
    compare = values.pop("compare", False)
    if not math.isfinite(speed):  # nan slips through the range check: every comparison is false
        raise UsageProblem(f"must be a number such as 2 or 0.5, not {speed}", param="--speed")
    values = parse_optional(model_class, values)
    if compare:
        with flags_for_problems():
            compare_demo(info, model_class, values, as_json=as_json)
        return
    with flags_for_problems():
        model = model_class(**values)
    if as_json:
        _print_json_run(info, model)
    elif sys.stdout.isatty():  # a terminal, not FORCE_COLOR in a pipe: animate
        _animate(info, model, speed)
    else:  # piped or redirected: no animation, just the end state, picture included
        _print_final(info, model)


def _print_json_run(info: DemoInfo, model: Model[Any]) -> None:
    try:
        metrics = model.run()
    except KeyboardInterrupt:
        _stopped()
    print_json(
        {
            "demo": info.name,
            "params": model.params,
            "metrics": metrics,
            "theory": model.theory(),
            "summary": model.what_happened(),
        }
    )


def _animate(info: DemoInfo, model: Model[Any], speed: float) -> None:
    from primer_cli.render.demo import Ending, animate
    from primer_cli.render.demos import view_for

    ending = animate(info, model, view_for(info), speed=speed, console=console())
    if ending is Ending.INTERRUPTED:
        raise typer.Exit(EXIT_INTERRUPTED)


def _print_final(info: DemoInfo, model: Model[Any]) -> None:
    from primer_cli.render.demo import final_report
    from primer_cli.render.demos import view_for

    stopped = False
    try:
        model.run()
    except KeyboardInterrupt:
        stopped = True  # print the numbers so far, then say so with the exit code
    console().print(final_report(info, model, view=view_for(info), stopped=stopped))
    if stopped:
        raise typer.Exit(EXIT_INTERRUPTED)


def _stopped() -> NoReturn:
    console(stderr=True).print("Stopped.")
    raise typer.Exit(EXIT_INTERRUPTED)


def compare_demo(
    info: DemoInfo, model_class: type[Model[Any]], values: dict[str, Any], *, as_json: bool
) -> None:
    """Every variant, same seed and parameters: one table side by side, or JSON."""
    params = model_class.shared_params(values)
    runs: list[Run] = []
    stopped = False
    try:
        with _progress(len(model_class.variants()), quiet=as_json) as ran:
            for run in model_class.compare_runs(values):
                runs.append(run)
                ran(run.variant)
    except KeyboardInterrupt:
        stopped = True
    if as_json:
        if stopped:
            _stopped()
        print_json(
            {
                "demo": info.name,
                "params": params,
                "runs": [
                    {"variant": r.variant, "metrics": r.metrics, "theory": r.theory} for r in runs
                ],
            }
        )
        return
    from primer_cli.render.compare import comparison

    console().print(comparison(info, model_class, params, runs, stopped=stopped))
    if stopped:
        raise typer.Exit(EXIT_INTERRUPTED)


@contextmanager
def _progress(total: int, *, quiet: bool) -> Iterator[Callable[[str], None]]:
    """'ran least-connections (3 of 5)' on stderr while a terminal waits; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield lambda variant: None
        return
    from rich.status import Status

    with Status("running the first variant…", console=console(stderr=True)) as status:
        done = [0]

        def ran(variant: str) -> None:
            done[0] += 1
            status.update(f"ran {variant} ({done[0]} of {total})…")

        yield ran


def list_demos(as_json: bool) -> None:
    from primer_cli.sim.catalog import DEMOS

    if as_json:
        print_json(
            [
                {
                    "name": info.name,
                    "title": info.title,
                    "description": info.description,
                    "topics": list(info.topics),
                }
                for info in DEMOS
            ]
        )
        return
    from primer_cli.render.demo import render_demo_list

    console().print(render_demo_list(DEMOS))


demo_app = PrimerTyper(
    name="demo",
    cls=DemoGroup,
    invoke_without_command=True,
    help="Watch a system behave: run a simulation, change its parameters, see the numbers.",
)


@demo_app.callback()
def demo(
    ctx: typer.Context,
    show_list: bool = typer.Option(False, "--list", "-l", help="List the demos and exit."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the list as JSON: [{name, title, description, topics}].",
    ),
) -> None:
    """Watch a system behave: `primer demo NAME` animates it, `--json` prints its numbers."""
    if show_list or ctx.invoked_subcommand is None:
        list_demos(as_json)
        raise typer.Exit()


def register(app: PrimerTyper) -> None:
    app.add_typer(demo_app, name="demo", rich_help_panel="Watch")
