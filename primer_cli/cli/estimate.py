"""`primer estimate`: back-of-envelope calculators that show their work, and a guided wizard.

Each command reads as parse -> compute -> render: flags are parsed by the core
(so `--count abc` fails the same way everywhere), the core returns a frozen
result, and either `--json` or the Rich renderer draws it. Only Typer loads at
import time; the core, Rich and questionary load inside the commands that use
them (see benchmarks/bench_estimate.py for the budget).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from primer_cli.cli._app import PrimerTyper, console, print_error, print_json, stdin_is_interactive
from primer_cli.errors import UsageProblem

if TYPE_CHECKING:
    from primer_cli.estimate.calculators import Arrival
    from primer_cli.estimate.conventions import Period
    from primer_cli.estimate.system import SystemInputs

CALCULATORS = "qps, storage, bandwidth, cache, servers, latency, convert, system"
EXIT_INTERRUPTED = 130

estimate_app = PrimerTyper(
    name="estimate",
    help="Back-of-envelope calculators that show their work. With no calculator, in a terminal: a guided wizard.",
    rich_markup_mode="rich",
)

# Options shared by the calculators that take a rate of events.
COUNT = typer.Option(
    None,
    "--count",
    metavar="COUNT",
    help="How many per --per period: 10M, 2.5e6, 1,000.",
    show_default=False,
)
PER = typer.Option(
    None,
    "--per",
    metavar="PERIOD",
    help="Period of --count: second, minute, hour, day, week, month, year.",
    show_default=False,
)
RATE = typer.Option(
    None,
    "--rate",
    metavar="RATE",
    help="Instead of --count/--per: 100M/month, 40/s.",
    show_default=False,
)
USERS = typer.Option(
    None,
    "--users",
    metavar="COUNT",
    help="Active users (with --per-user): 100M.",
    show_default=False,
)
PER_USER = typer.Option(
    None,
    "--per-user",
    metavar="COUNT",
    help="Actions per user per --per period (default day): 20.",
    show_default=False,
)
SIZE = typer.Option(
    ...,
    "--size",
    metavar="SIZE",
    help="Size of one item: 1.27KB, 500 KB, 2MiB.",
    show_default=False,
)
JSON = typer.Option(False, "--json", help="Print the result fields and steps as JSON (base units).")


@estimate_app.callback(invoke_without_command=True)
def estimate(ctx: typer.Context) -> None:
    """Back-of-envelope calculators that show their work. With no calculator, in a terminal: a guided wizard."""
    if ctx.invoked_subcommand is not None:
        return
    if not stdin_is_interactive():
        typer.echo(_calculator_list(ctx), err=True)
        print_error(
            f"choose a calculator ({CALCULATORS}); the guided wizard needs a terminal.",
            hint="For the full report from flags: primer estimate system --users 10M --per-user 2 --size 1KB",
        )
        raise typer.Exit(2)
    _wizard()


def _calculator_list(ctx: typer.Context) -> str:
    """'primer estimate CALCULATOR' and one line per calculator, for stderr (Rich help goes to stdout)."""
    group = ctx.command
    lines = ["Usage: primer estimate CALCULATOR [OPTIONS]", "", "Calculators:"]
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        lines.append(f"  {name:<10} {command.get_short_help_str(limit=80)}")
    return "\n".join(lines) + "\n"


# Parsing helpers --------------------------------------------------------------


def _arrival(
    count: str | None,
    per: str | None,
    rate: str | None,
    users: str | None = None,
    per_user: str | None = None,
    what: str = "requests",
) -> Arrival:
    """One rate of events from whichever form was given: --count/--per, --users/--per-user, or --rate."""
    from primer_cli.estimate import calculators
    from primer_cli.estimate.quantity import Kind, parse_quantity

    forms = [
        name for name, value in (("--count", count), ("--users", users), ("--rate", rate)) if value
    ]
    if len(forms) > 1:
        raise UsageProblem(f"give only one of {' and '.join(forms)}", param=forms[-1])
    if per_user is not None and not users:
        raise UsageProblem(
            "--per-user goes with --users: --users 100M --per-user 20", param="--per-user"
        )
    if rate:
        parsed = parse_quantity(rate, param="--rate", accept=(Kind.RATE,))
        return calculators.arrival_from_rate(parsed.value, rate, what)
    if users:
        period = _period(per or "day")
        if per_user is None:
            raise UsageProblem(
                "--users needs --per-user: how many each user does per --per period",
                param="--per-user",
            )
        people = parse_quantity(users, param="--users", accept=(Kind.COUNT,)).value
        each = parse_quantity(per_user, param="--per-user", accept=(Kind.COUNT,)).value
        return calculators.arrival_from_users(people, each, period, what)
    if count:
        if per is None:
            raise UsageProblem(
                "--count needs --per: second, minute, hour, day, week, month or year", param="--per"
            )
        number = parse_quantity(count, param="--count", accept=(Kind.COUNT,)).value
        return calculators.arrival_from_count(number, _period(per), what)
    raise UsageProblem(
        "say how often: --count 10M --per month, --users 100M --per-user 20, or --rate 100M/month",
        param="--count",
    )


def _period(text: str) -> Period:
    from primer_cli.estimate.quantity import parse_period

    return parse_period(text, param="--per")


def _size(text: str, param: str = "--size") -> float:
    from primer_cli.estimate.quantity import Kind, parse_quantity

    size = parse_quantity(text, param=param, accept=(Kind.DATA,)).value
    if size <= 0:
        raise UsageProblem(
            f"'{text}' is empty; an item must be bigger than 0 bytes, such as 1KB", param=param
        )
    return size


def _per_second(text: str, param: str) -> float:
    """A rate, where a plain number means per second: 20k, 20k/s, 1.7M/day."""
    from primer_cli.estimate.quantity import Kind, parse_quantity

    parsed = parse_quantity(text, param=param, accept=(Kind.RATE, Kind.COUNT))
    return parsed.value


def _factor(text: str, param: str, minimum: float, what: str) -> float:
    from primer_cli.estimate.quantity import parse_factor

    return parse_factor(text, param=param, minimum=minimum, what=what)


def _show(result: Any, title: str, *, as_json: bool, hint: str | None = None) -> None:
    """--json prints the result's fields; otherwise the derivation table and answer."""
    if as_json:
        from primer_cli.estimate.calculators import result_to_dict

        print_json(result_to_dict(result))
        return
    from primer_cli.render.estimate import render_result

    console().print(render_result(result, title, notes=getattr(result, "notes", ()), hint=hint))


# Calculators ------------------------------------------------------------------


@estimate_app.command("qps")
def qps_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    peak_factor: str = typer.Option(
        "3", "--peak-factor", metavar="FACTOR", help="Peak over average traffic."
    ),
    read_ratio: str | None = typer.Option(
        None,
        "--read-ratio",
        metavar="RATIO",
        help="Reads for every counted write (10 or 10:1); adds reads.",
        show_default=False,
    ),
    as_json: bool = JSON,
) -> None:
    """Requests per second (average and peak), per day and per month, from a count or from daily active users."""
    from primer_cli.estimate.calculators import qps

    ratio = (
        _factor(read_ratio, "--read-ratio", 0, "a read ratio") if read_ratio is not None else None
    )
    what = "writes" if ratio is not None else "requests"
    arrival = _arrival(count, per, rate, users, per_user, what)
    result = qps(
        arrival,
        peak_factor=_factor(peak_factor, "--peak-factor", 1, "a peak factor"),
        read_ratio=ratio,
    )
    _show(
        result,
        "Requests per second",
        as_json=as_json,
        hint="See `primer learn latency-vs-throughput`.",
    )


@estimate_app.command("storage")
def storage_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    years: str = typer.Option("3", "--years", metavar="YEARS", help="How long data is kept."),
    replicas: int = typer.Option(1, "--replicas", metavar="N", min=1, help="Copies of every item."),
    as_json: bool = JSON,
) -> None:
    """New data per month and per year, and the total kept over --years on --replicas copies."""
    from primer_cli.estimate.calculators import storage

    arrival = _arrival(count, per, rate, users, per_user, "items")
    kept = _factor(years, "--years", 0, "a number of years")
    result = storage(arrival, _size(size), years=kept, replicas=replicas)
    _show(
        result, "Storage", as_json=as_json, hint="See `primer learn powers-of-two` for the units."
    )


@estimate_app.command("bandwidth")
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

    result = bandwidth(_arrival(count, per, rate, users, per_user, "items"), _size(size))
    _show(result, "Bandwidth", as_json=as_json, hint="See `primer learn latency-vs-throughput`.")


@estimate_app.command("cache")
def cache_command(
    count: str | None = COUNT,
    per: str | None = PER,
    rate: str | None = RATE,
    users: str | None = USERS,
    per_user: str | None = PER_USER,
    size: str = SIZE,
    hot: str = typer.Option(
        "0.2",
        "--hot",
        metavar="SHARE",
        help="Share of items worth caching (0.2 or 20%): the 80/20 rule.",
    ),
    window: str | None = typer.Option(
        None,
        "--window",
        metavar="PERIOD",
        help="How long a stretch of requests the cache must hold (default: a day, as in the primer's 80/20 rule).",
        show_default=False,
    ),
    as_json: bool = JSON,
) -> None:
    """Memory to cache the hot share of requests: the 80/20 rule made explicit."""
    from primer_cli.estimate.calculators import cache
    from primer_cli.estimate.quantity import parse_fraction, parse_period

    arrival = _arrival(count, per, rate, users, per_user)
    # The window is a property of the cache (how long entries live), not of the
    # unit the traffic was typed in: 100M/month and 3.3M/day must need the same memory.
    span = parse_period(window, param="--window") if window else _period("day")
    share = parse_fraction(hot, param="--hot", allow_zero=False, allow_one=True)
    result = cache(arrival, _size(size), hot=share, window=span)
    _show(
        result,
        "Cache",
        as_json=as_json,
        hint="See `primer learn cache` and `primer learn what-to-cache`.",
    )


@estimate_app.command("servers")
def servers_command(
    qps: str = typer.Option(
        ...,
        "--qps",
        metavar="RATE",
        help="Load to serve: 20k (per second), 20k/s, 1.7M/day.",
        show_default=False,
    ),
    per_server: str = typer.Option(
        ...,
        "--per-server",
        metavar="RATE",
        help="Requests one server handles per second: 2k.",
        show_default=False,
    ),
    headroom: str = typer.Option(
        "0.3", "--headroom", metavar="SHARE", help="Share of each server kept free (0.3 or 30%)."
    ),
    as_json: bool = JSON,
) -> None:
    """Servers needed for a load, rounded up, with N+1 redundancy noted."""
    from primer_cli.estimate.calculators import servers
    from primer_cli.estimate.quantity import parse_fraction

    load = _per_second(qps, "--qps")
    capacity = _per_second(per_server, "--per-server")
    spare = parse_fraction(headroom, param="--headroom", allow_zero=True, allow_one=False)
    _show(
        servers(load, capacity, headroom=spare),
        "Servers",
        as_json=as_json,
        hint="See `primer learn horizontal-vs-vertical-scaling`.",
    )


@estimate_app.command("latency")
def latency_command(
    expression: str | None = typer.Argument(
        None,
        help="A request path: '2 * round-trip-same-datacenter + disk-seek + 5ms'.",
        show_default=False,
    ),
    list_names: bool = typer.Option(False, "--list", help="Show the operation names and exit."),
    as_json: bool = JSON,
) -> None:
    """Add up a request path from the latency table and plain durations."""
    from primer_cli.estimate.latency import LATENCY_TABLE

    if list_names:
        if as_json:
            print_json([op.to_dict() for op in LATENCY_TABLE])
            return
        from primer_cli.render.estimate import render_latency_names

        console().print(render_latency_names(LATENCY_TABLE))
        return
    if not expression:
        raise UsageProblem(
            "give a request path such as '2 * round-trip-same-datacenter + disk-seek', "
            "or --list for the names",
            param="EXPRESSION",
        )
    from primer_cli.estimate.calculators import latency, result_to_dict

    result = latency(expression)
    if as_json:
        print_json(result_to_dict(result))
        return
    from primer_cli.render.estimate import render_latency

    console().print(render_latency(result))


@estimate_app.command("convert")
def convert_command(
    quantity: str = typer.Argument(
        ..., help="What to convert: '100M/month', '1.2 TB/day', 2^32.", show_default=False
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
    from primer_cli.estimate.calculators import convert

    result = convert(quantity, to)
    _show(
        result,
        f"Convert {quantity}",
        as_json=as_json,
        hint="See `primer numbers powers` and `primer learn powers-of-two`.",
    )


@estimate_app.command("system")
def system_command(
    users: str = typer.Option(
        ..., "--users", metavar="COUNT", help="Daily active users: 10M.", show_default=False
    ),
    per_user: str = typer.Option(
        ..., "--per-user", metavar="COUNT", help="Writes per user per day: 2.", show_default=False
    ),
    size: str = SIZE,
    read_ratio: str = typer.Option(
        "10", "--read-ratio", metavar="RATIO", help="Reads for every write."
    ),
    years: str = typer.Option("3", "--years", metavar="YEARS", help="How long data is kept."),
    replicas: int = typer.Option(1, "--replicas", metavar="N", min=1, help="Copies of every item."),
    peak_factor: str = typer.Option(
        "3", "--peak-factor", metavar="FACTOR", help="Peak over average traffic."
    ),
    hot: str = typer.Option(
        "0.2", "--hot", metavar="SHARE", help="Share of a day's reads worth caching."
    ),
    per_server: str = typer.Option(
        "1k", "--per-server", metavar="RATE", help="Requests one server handles per second."
    ),
    headroom: str = typer.Option(
        "0.3", "--headroom", metavar="SHARE", help="Share of each server kept free."
    ),
    as_json: bool = JSON,
) -> None:
    """The whole estimate from flags: QPS, peak, storage, bandwidth, cache and servers in one report."""
    from primer_cli.estimate.quantity import Kind, parse_fraction, parse_quantity
    from primer_cli.estimate.system import SystemInputs

    inputs = SystemInputs(
        users=parse_quantity(users, param="--users", accept=(Kind.COUNT,)).value,
        writes_per_user=parse_quantity(per_user, param="--per-user", accept=(Kind.COUNT,)).value,
        item_bytes=_size(size),
        read_ratio=_factor(read_ratio, "--read-ratio", 0, "a read ratio"),
        years=_factor(years, "--years", 0, "a number of years"),
        replicas=replicas,
        peak_factor=_factor(peak_factor, "--peak-factor", 1, "a peak factor"),
        hot=parse_fraction(hot, param="--hot", allow_zero=False, allow_one=True),
        per_server=_per_second(per_server, "--per-server"),
        headroom=parse_fraction(headroom, param="--headroom", allow_zero=True, allow_one=False),
    )
    _report(inputs, as_json=as_json)


def _report(inputs: SystemInputs, *, as_json: bool) -> None:
    from primer_cli.estimate.system import estimate_system

    report = estimate_system(inputs)
    if as_json:
        print_json(report.to_dict())
        return
    from primer_cli.render.estimate import render_system

    console().print(render_system(report))


# Wizard -------------------------------------------------------------------------


def _wizard() -> None:
    """Ask for the inputs one at a time, then print the same report as `estimate system`."""
    try:
        answers = _ask_inputs()
    except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D: leave quietly, as a shell would
        console(stderr=True).print("[dim]Cancelled.[/]")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    inputs = _inputs_from_answers(answers)
    _report(inputs, as_json=False)
    flags = " ".join(f"{flag} {_quoted(answers[key])}" for key, flag, *_ in _QUESTIONS)
    console().print(
        f"[dim]Same estimate from flags:[/] primer estimate system {flags}", soft_wrap=True
    )


# key, flag, question, default, kind of answer
_QUESTIONS = (
    ("users", "--users", "How many daily active users?", "10M", "count"),
    ("per_user", "--per-user", "How many writes does each user make a day?", "2", "count"),
    ("read_ratio", "--read-ratio", "How many reads for every write?", "10", "ratio"),
    ("size", "--size", "How big is one write?", "1KB", "size"),
    ("years", "--years", "How many years is data kept?", "3", "years"),
    ("replicas", "--replicas", "How many copies of each item?", "3", "replicas"),
    (
        "per_server",
        "--per-server",
        "How many requests per second can one server handle?",
        "1k",
        "rate",
    ),
)


def _ask_inputs() -> dict[str, str]:
    import questionary  # ~100 ms to import: only the wizard pays for it

    answers: dict[str, str] = {}
    for key, flag, question, default, kind in _QUESTIONS:
        answer = questionary.text(
            question, default=default, validate=_validator(flag, kind)
        ).unsafe_ask()
        answers[key] = str(answer).strip()
    return answers


def _validator(flag: str, kind: str) -> Any:
    def validate(text: str) -> bool | str:
        try:
            _parse_answer(text, flag, kind)
        except UsageProblem as problem:
            return problem.message
        return True

    return validate


def _parse_answer(text: str, flag: str, kind: str) -> float:
    from primer_cli.estimate.quantity import Kind, parse_quantity

    if kind == "count":
        return parse_quantity(text, param=flag, accept=(Kind.COUNT,)).value
    if kind == "size":
        return _size(text, flag)
    if kind == "rate":
        return _per_second(text, flag)
    if kind == "replicas":
        value = _factor(text, flag, 1, "a number of copies")
        if not value.is_integer():
            raise UsageProblem(f"'{text}' is not a whole number of copies, such as 3", param=flag)
        return value
    minimum = 0.0 if kind == "ratio" else 0.01
    return _factor(text, flag, minimum, "a ratio" if kind == "ratio" else "a number of years")


def _inputs_from_answers(answers: dict[str, str]) -> SystemInputs:
    from primer_cli.estimate.system import SystemInputs

    values = {key: _parse_answer(answers[key], flag, kind) for key, flag, _, _, kind in _QUESTIONS}
    return SystemInputs(
        users=values["users"],
        writes_per_user=values["per_user"],
        item_bytes=values["size"],
        read_ratio=values["read_ratio"],
        years=values["years"],
        replicas=int(values["replicas"]),
        per_server=values["per_server"],
    )


def _quoted(text: str) -> str:
    return f"'{text}'" if any(c.isspace() for c in text) else text


def register(app: PrimerTyper) -> None:
    """Add `primer estimate` and, beside it, `primer numbers` (the tables the estimates lean on)."""
    from primer_cli.cli import numbers

    app.add_typer(estimate_app, name="estimate", rich_help_panel="Estimate")
    numbers.register(app)
