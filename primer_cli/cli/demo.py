"""`primer demo`: one subcommand per demo in the catalog, built from its model's parameters.

Nothing here names a model: `DemoGroup` lists the catalog and builds a demo's
command only when it is asked for, from the model's `PARAMS`, so adding a model
needs no edit here and `primer --version` never imports a model. Only Typer
and the standard library load at the top.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import typer
from typer.main import get_command

from primer_cli.cli._app import PrimerGroup, PrimerTyper, console, print_json
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from typer._click.core import Context  # the type Typer's own classes declare

    from primer_cli.sim.base import Model, Param
    from primer_cli.sim.catalog import DemoInfo

NO_VALUE = ("none", "off", "never")  # spellings of "no fault" for optional parameters
RUNNER_OPTIONS = ("speed", "as_json")  # names the runner adds to every demo command


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
        if name and not name.startswith("-") and name not in self.list_commands(ctx):
            ctx.fail(unknown_demo_message(name, self.list_commands(ctx)))
        return super().resolve_command(ctx, args)


def unknown_demo_message(name: str, known: list[str]) -> str:
    import difflib  # only on a mistyped name

    close = difflib.get_close_matches(name, known, n=1)
    guess = f" Did you mean '{close[0]}'?" if close else ""
    return f"There is no demo '{name}'.{guess} See `primer demo --list`."


def build_command(info: DemoInfo) -> Any:
    """A Typer command for one demo: the model's parameters become options."""
    model_class = info.load()
    parameters = [_parameter(param) for param in model_class.all_params()]
    clashes = {p.name for p in parameters} & set(RUNNER_OPTIONS)
    if clashes:  # a programming error in a model, not a user mistake
        raise RuntimeError(f"{model_class.__name__} declares reserved parameters {sorted(clashes)}")
    parameters += _runner_parameters()

    def run_this_demo(**values: Any) -> None:
        run_demo(info, model_class, values)

    run_this_demo.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    run_this_demo.__annotations__ = {p.name: p.annotation for p in parameters}
    return _typer_command(info.name, run_this_demo, help_text=_help_text(info))


def _typer_command(name: str, function: Callable[..., None], *, help_text: str) -> Any:
    single = PrimerTyper(add_completion=False)
    single.command(name=name, help=help_text)(function)
    return get_command(single)


def _help_text(info: DemoInfo) -> str:
    learn = ", ".join(f"`primer learn {topic}`" for topic in info.topics)
    return f"{info.title}. {info.description}\n\nLearn the theory: {learn}."


def _parameter(param: Param) -> inspect.Parameter:
    """One keyword parameter whose default is a typer.Option built from a model Param."""
    option = typer.Option(
        None if param.optional else param.default,
        param.flag,
        help=_option_help(param),
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


def _option_help(param: Param) -> str:
    if param.optional and param.default is not None:
        return f"{param.help} (default {param.default:g}; 'none' turns it off)"
    if param.optional:
        return f"{param.help} (default: none)"
    return param.help


def _runner_parameters() -> list[inspect.Parameter]:
    speed = typer.Option(
        1.0,
        "--speed",
        help="Animation speed: 2 is twice as fast, 0.5 half as fast.",
        min=0.01,
        max=1000,
    )
    as_json = typer.Option(
        False, "--json", help="Run headless to the end and print {demo, params, metrics} as JSON."
    )
    keyword = inspect.Parameter.KEYWORD_ONLY
    return [
        inspect.Parameter("speed", keyword, default=speed, annotation=float),
        inspect.Parameter("as_json", keyword, default=as_json, annotation=bool),
    ]


def parse_optional(model_class: type[Model], values: dict[str, Any]) -> dict[str, Any]:
    """Optional parameters arrive as text: absent means the default, 'none' means no value."""
    parsed = dict(values)
    for param in model_class.all_params():
        if not param.optional:
            continue
        text = values.get(param.name)
        if text is None:
            parsed[param.name] = param.default
        elif str(text).strip().lower() in NO_VALUE:
            parsed[param.name] = None
        else:
            parsed[param.name] = text
    return parsed


def run_demo(info: DemoInfo, model_class: type[Model], values: dict[str, Any]) -> None:
    """Parse, compute, render: headless JSON, a live animation, or a final table."""
    speed, as_json = values.pop("speed"), values.pop("as_json")
    if not math.isfinite(speed):  # nan slips through the range check: every comparison is false
        raise UsageProblem(f"must be a number such as 2 or 0.5, not {speed}", param="--speed")
    model = model_class(**parse_optional(model_class, values))
    if as_json:
        metrics = model.run()
        print_json({"demo": info.name, "params": model.params, "metrics": metrics})
        return
    from primer_cli.render.demo import animate, final_report
    from primer_cli.render.demos import view_for

    out = console()
    if out.is_terminal:
        animate(info, model, view_for(info), speed=speed, console=out)
    else:  # piped or redirected: no animation, just the end state, picture included
        model.run()
        out.print(final_report(info, model, view=view_for(info)))


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
