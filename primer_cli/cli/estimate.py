"""`primer estimate`: back-of-envelope calculators that show their work, and a guided wizard.

Each command reads as parse -> compute -> render. The core reads every value
(estimate/parameters.py declares each one once, with its default and
bounds), returns a frozen result, and either --json or the Rich renderer
draws it. The core names parameters (`per_server`); `EstimateCommand` turns
that name into the flag (--per-server) when it reports a mistake. Only Typer
and those declarations load at import time; the core, Rich and questionary
load inside the commands that use them (benchmarks/bench_estimate.py).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import typer

from primer_cli.cli._app import PrimerCommand, PrimerTyper, print_error, stdin_is_interactive
from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared

if TYPE_CHECKING:
    from primer_cli.estimate.arrivals import Arrival
    from primer_cli.estimate.system import SystemReport

CALCULATORS = "qps, storage, bandwidth, cache, servers, latency, availability, convert, system"
EXAMPLE_SYSTEM = "primer estimate system --users 10M --per-user 2 --size 1KB"


def flag(name: str) -> str:
    """The command-line spelling of a parameter: per_server is --per-server."""
    return "--" + name.replace("_", "-")


def _flag_named(name: str | None, params: list[Any]) -> str | None:
    """The flag (or ARGUMENT) of the command parameter called `name`; `name` if there is none."""
    for param in params:
        if param.name == name:
            if getattr(param, "param_type_name", "") == "argument":
                return str(param.name).upper()
            return str(max(param.opts, key=len))
    return name


class EstimateCommand(PrimerCommand):
    """A calculator: mistakes the core reports by parameter name are shown with the flag."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.callback is not None:
            self.callback = self._naming_flags(self.callback)

    def _naming_flags(self, callback: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except UsageProblem as problem:
                problem.param = _flag_named(problem.param, self.params)
                raise

        return run


estimate_app = PrimerTyper(
    name="estimate",
    help="Back-of-envelope calculators that show their work. With no calculator, in a terminal: a guided wizard.",
    rich_markup_mode="rich",
)


def calculator(name: str) -> Callable[[Callable[..., Any]], Any]:
    """Register a calculator command under `name`."""
    return estimate_app.command(name, cls=EstimateCommand)


def option(parameter: declared.Parameter, metavar: str, help_text: str) -> Any:
    """A Typer option for `parameter`, with its declared default; required if it has none."""
    return typer.Option(
        parameter.default,
        flag(parameter.name),
        metavar=metavar,
        help=help_text,
        show_default=parameter.default is not None,
    )


def required(parameter: declared.Parameter, metavar: str, help_text: str) -> Any:
    return typer.Option(
        ..., flag(parameter.name), metavar=metavar, help=help_text, show_default=False
    )


# How often: one set of options, read by one core function, for every calculator that takes traffic.
COUNT = option(declared.COUNT, "COUNT", "How many per --per period: 10M, 2.5e6, 1,000.")
PER = option(
    declared.PER,
    "PERIOD",
    "Period of --count or --per-user: second, minute, hour, day, week, month, year.",
)
RATE = option(declared.RATE, "RATE", "Instead of --count/--per: 100M/month, 40/s.")
USERS = option(declared.USERS, "COUNT", "Active users (with --per-user): 100M.")
PER_USER = option(
    declared.PER_USER,
    "COUNT",
    f"Actions per user per --per period (default {declared.USERS_PERIOD}): 20.",
)
SIZE = required(declared.SIZE, "SIZE", "Size of one item: 1.27KB, 500 KB, 2MiB.")
JSON = typer.Option(False, "--json", help="Print the result fields and steps as JSON (base units).")


def _arrival(
    count: str | None,
    per: str | None,
    rate: str | None,
    users: str | None,
    per_user: str | None,
    what: str = "requests",
    *,
    positive: bool = False,
) -> Arrival:
    from primer_cli.estimate.arrivals import stated_arrival

    return stated_arrival(
        count=count,
        per=per,
        rate=rate,
        users=users,
        per_user=per_user,
        what=what,
        positive=positive,
    )


def _show(result: Any, title: str, *, as_json: bool, hint: str | None = None) -> None:
    """--json prints the result's fields; otherwise the derivation table and answer."""
    from primer_cli.cli.estimate_output import emit, emit_json

    if as_json:
        from primer_cli.estimate.derivation import result_to_dict

        emit_json(result_to_dict(result))
        return
    from primer_cli.render.estimate import render_result

    emit(render_result(result, title, notes=getattr(result, "notes", ()), hint=hint))


# The wizard ----------------------------------------------------------------------


@estimate_app.callback(invoke_without_command=True)
def estimate(ctx: typer.Context) -> None:
    """Back-of-envelope calculators that show their work. With no calculator, in a terminal: a guided wizard."""
    if ctx.invoked_subcommand is not None:
        return
    if not _has_terminal():
        typer.echo(_calculator_list(ctx), err=True)
        print_error(
            f"choose a calculator ({CALCULATORS}); the guided wizard needs a terminal.",
            hint=f"For the full report from flags: {EXAMPLE_SYSTEM}",
        )
        raise typer.Exit(2)
    from primer_cli.cli.estimate_wizard import run_wizard  # questionary: only the wizard pays

    run_wizard()


def _has_terminal() -> bool:
    """A person at a terminal; a closed stdin (`primer estimate <&-`) is None or raises: no one."""
    try:
        return stdin_is_interactive()
    except (AttributeError, ValueError, OSError):
        return False


def _calculator_list(ctx: typer.Context) -> str:
    """'primer estimate CALCULATOR' and each calculator's summary, wrapped whole to the terminal."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size().columns, 100)
    group = ctx.command
    lines = ["Usage: primer estimate CALCULATOR [OPTIONS]", "", "Calculators:"]
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        summary = (group.get_command(ctx, name).help or "").strip().splitlines()[0]  # type: ignore[attr-defined]
        lead = f"  {name:<10} "
        lines += textwrap.wrap(
            summary, width, initial_indent=lead, subsequent_indent=" " * len(lead)
        )
    return "\n".join(lines) + "\n"


# Calculators -----------------------------------------------------------------------


@calculator("qps")
def qps_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    peak_factor: str = option(declared.PEAK_FACTOR, "FACTOR", "Peak over average traffic."),
    read_ratio: str | None = typer.Option(
        None,
        flag(declared.READ_RATIO.name),
        metavar="RATIO",
        help="Reads for every counted write (10, 10:1, or reads:writes such as 20:3); adds reads.",
        show_default=False,
    ),
    as_json: bool = JSON,
) -> None:
    """Requests per second (average and peak), per day and per month, from a count or from active users."""
    from primer_cli.estimate.calculators import qps

    ratio = declared.READ_RATIO.read(read_ratio) if read_ratio is not None else None
    arrival = _arrival(
        count, per, rate, users, per_user, "writes" if ratio is not None else "requests"
    )
    result = qps(arrival, peak_factor=declared.PEAK_FACTOR.read(peak_factor), read_ratio=ratio)
    _show(
        result,
        "Requests per second",
        as_json=as_json,
        hint="See `primer learn latency-vs-throughput`.",
    )


@calculator("storage")
def storage_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    years: str = option(declared.YEARS, "YEARS", "How long data is kept."),
    replicas: str = option(declared.REPLICAS, "N", "Copies of every item."),
    as_json: bool = JSON,
) -> None:
    """New data per month and per year, and the total kept over --years on --replicas copies."""
    from primer_cli.estimate.calculators import storage

    result = storage(
        _arrival(count, per, rate, users, per_user, "items"),
        declared.SIZE.read(size),
        years=declared.YEARS.read(years),
        replicas=declared.REPLICAS.read(replicas),
    )
    _show(
        result, "Storage", as_json=as_json, hint="See `primer learn powers-of-two` for the units."
    )


@calculator("bandwidth")
def bandwidth_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    as_json: bool = JSON,
) -> None:
    """Bytes and bits per second for a stream of items, and the transfer per day and month."""
    from primer_cli.estimate.calculators import bandwidth

    arrival = _arrival(count, per, rate, users, per_user, "items")
    result = bandwidth(arrival, declared.SIZE.read(size))
    _show(result, "Bandwidth", as_json=as_json, hint="See `primer learn latency-vs-throughput`.")


@calculator("cache")
def cache_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    hot: str = option(
        declared.HOT, "SHARE", "Share of items worth caching (0.2 or 20%): the 80/20 rule."
    ),
    window: str = option(
        declared.WINDOW,
        "PERIOD",
        "How long a stretch of requests the cache must hold (a day: the primer's 80/20 rule).",
    ),
    as_json: bool = JSON,
) -> None:
    """Memory to cache the hot share of requests: the 80/20 rule made explicit."""
    from primer_cli.estimate.calculators import cache

    # The window is a property of the cache (how long entries live), not of the
    # unit the traffic was typed in: 100M/month and 3.3M/day must need the same memory.
    result = cache(
        _arrival(count, per, rate, users, per_user),
        declared.SIZE.read(size),
        hot=declared.HOT.read(hot),
        window=declared.WINDOW.read(window),
    )
    hint = "See `primer learn cache` and `primer learn what-to-cache`."
    _show(result, "Cache", as_json=as_json, hint=hint)


@calculator("servers")
def servers_command(
    qps: str = required(declared.QPS, "RATE", "Load to serve: 20k (per second), 20k/s, 1.7M/day."),
    per_server: str = option(
        declared.PER_SERVER, "RATE", "Requests one server handles per second: 2k."
    ),
    headroom: str = option(
        declared.HEADROOM, "SHARE", "Share of each server kept free (0.3 or 30%)."
    ),
    as_json: bool = JSON,
) -> None:
    """Servers needed for a load, rounded up, with N+1 redundancy noted."""
    from primer_cli.estimate.calculators import servers

    result = servers(
        declared.QPS.read(qps),
        declared.PER_SERVER.read(per_server),
        headroom=declared.HEADROOM.read(headroom),
    )
    hint = "See `primer learn horizontal-vs-vertical-scaling`."
    _show(result, "Servers", as_json=as_json, hint=hint)


@calculator("latency")
def latency_command(
    expression: str | None = typer.Argument(
        None,
        metavar="[EXPRESSION]",
        help="A request path: '2 * round-trip-same-datacenter + disk-seek + 5ms'.",
        show_default=False,
    ),
    list_names: bool = typer.Option(False, "--list", help="Show the operation names and exit."),
    as_json: bool = JSON,
) -> None:
    """Add up a request path from the latency table and plain durations."""
    from primer_cli.cli.estimate_output import emit, emit_json

    if list_names:
        from primer_cli.estimate.latency import LATENCY_TABLE

        if as_json:
            emit_json([op.to_dict() for op in LATENCY_TABLE])
            return
        from primer_cli.render.estimate import render_latency_names

        emit(render_latency_names(LATENCY_TABLE))
        return
    if not expression:
        raise UsageProblem(
            "give a request path such as '2 * round-trip-same-datacenter + disk-seek', "
            "or --list for the names",
            param="expression",
        )
    result = _latency(expression)
    if as_json:
        from primer_cli.estimate.derivation import result_to_dict

        emit_json(result_to_dict(result))
        return
    from primer_cli.render.estimate import render_latency

    emit(render_latency(result))


def _latency(expression: str) -> Any:
    from primer_cli.estimate.latency_expression import UnknownOperation, latency

    try:
        return latency(expression)
    except UnknownOperation as problem:
        problem.hint = "`primer estimate latency --list` shows the names."
        raise


@calculator("convert")
def convert_command(
    quantity: str = typer.Argument(
        ...,
        metavar="QUANTITY",
        help="What to convert: '100M/month', '1.2 TB/day', 2^32.",
        show_default=False,
    ),
    to: str | None = typer.Option(
        None,
        "--to",
        metavar="UNIT",
        help="Target unit: /s, /month, Mbps, MB/s, GB, GiB, ms.",
        show_default=False,
    ),
    as_json: bool = JSON,
) -> None:
    """Convert a quantity to another unit, or show it in every usual form."""
    from primer_cli.estimate.convert import convert

    hint = "See `primer numbers powers` and `primer learn powers-of-two`."
    _show(convert(quantity, to), f"Convert {quantity}", as_json=as_json, hint=hint)


@calculator("availability")
def availability_command(
    shares: list[str] = typer.Argument(
        ...,
        metavar="AVAILABILITY...",
        help="One share ('99.9%', 0.999, '3 nines'), or several parts to combine.",
        show_default=False,
    ),
    redundant: bool = typer.Option(
        False,
        "--parallel",
        help="The parts are redundant copies (up if any one is), not a chain (up if all are).",
    ),
    per: str = option(declared.DOWNTIME_PER, "PERIOD", "Downtime per: day, week, month, year."),
    as_json: bool = JSON,
) -> None:
    """Downtime a number of nines allows; parts in series or in parallel, combined."""
    from primer_cli.estimate.availability import availability, read_share

    parts = tuple(read_share(share, param="availability") for share in shares)
    result = availability(parts, redundant=redundant, period=declared.DOWNTIME_PER.read(per))
    hint = "See primer learn availability-patterns."
    _show(result, "Availability", as_json=as_json, hint=hint)


@calculator("system")
def system_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    read_ratio: str = option(
        declared.READ_RATIO, "RATIO", "Reads for every write (10, 10:1, or reads:writes: 20:3)."
    ),
    years: str = option(declared.YEARS, "YEARS", "How long data is kept."),
    replicas: str = option(declared.REPLICAS, "N", "Copies of every item."),
    peak_factor: str = option(declared.PEAK_FACTOR, "FACTOR", "Peak over average traffic."),
    hot: str = option(declared.HOT, "SHARE", "Share of a day's reads worth caching."),
    per_server: str = option(
        declared.PER_SERVER, "RATE", "Requests one server handles per second."
    ),
    headroom: str = option(declared.HEADROOM, "SHARE", "Share of each server kept free."),
    pager: bool = typer.Option(
        True, "--pager/--no-pager", help="Page a report taller than the terminal."
    ),
    as_json: bool = JSON,
) -> None:
    """The whole estimate: QPS, peak, storage, bandwidth, cache and servers in one report."""
    from primer_cli.estimate.system import SystemInputs, estimate_system

    inputs = SystemInputs(
        writes=_arrival(count, per, rate, users, per_user, "writes", positive=True),
        item_bytes=declared.SIZE.read(size),
        read_ratio=declared.READ_RATIO.read(read_ratio),
        years=declared.YEARS.read(years),
        replicas=declared.REPLICAS.read(replicas),
        peak_factor=declared.PEAK_FACTOR.read(peak_factor),
        hot=declared.HOT.read(hot),
        per_server=declared.PER_SERVER.read(per_server),
        headroom=declared.HEADROOM.read(headroom),
    )
    print_report(estimate_system(inputs), as_json=as_json, page=pager)


def print_report(report: SystemReport, *, as_json: bool, page: bool) -> None:
    """The derivations (paged when taller than the terminal), then the answer, where the eye lands."""
    from primer_cli.cli.estimate_output import emit, emit_json, emit_paged

    if as_json:
        emit_json(report.to_dict())
        return
    from primer_cli.render.estimate import render_system_answer, render_system_steps

    emit_paged(render_system_steps(report), page=page)
    emit(render_system_answer(report))


def register(app: PrimerTyper) -> None:
    """Add `primer estimate` and, beside it, `primer numbers` (the tables the estimates lean on)."""
    from primer_cli.cli import numbers

    app.add_typer(estimate_app, name="estimate", rich_help_panel="Estimate")
    numbers.register(app)
