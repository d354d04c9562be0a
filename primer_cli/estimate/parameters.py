"""Every input the calculators take, declared once: its name, how it is read, its default, its bounds.

The calculators take their defaults from here, the command line builds its
options from here (parameter `per_server` is the flag --per-server) and the
wizard pre-fills and checks each answer with the same default and bounds,
so a value one of them accepts, the others accept too. Errors name a
parameter by `name`; each face says it its own way.

Only declarations: the command line reads this module while Typer builds its
options, so it imports nothing else from the core; the parser loads the
first time a value is read.
"""

from __future__ import annotations

from typing import Any

# Daily active users: a count per user is per day unless a period is given.
USERS_PERIOD = "day"
MAX_REPLICAS = 1_000  # far beyond any real system; also keeps int × float arithmetic in range


class Reads:
    """What kind of text a parameter takes.

    Plain strings and a plain class below, not an Enum and a dataclass: every
    `primer` command imports this module, and importing it built that way
    took about 4 ms on the development machine against about 1 ms this way.
    """

    COUNT = "count"  # 10M, 2.5e6, 1,000
    PERIOD = "period"  # second ... year, s, min, h, d
    RATE = "rate"  # 100M/month, 40/s
    PER_SECOND = "per second"  # a rate where a plain number is per second: 20k, 1.7M/day
    SIZE = "size"  # bytes: 1.27KB, 4 MiB
    FACTOR = "factor"  # a multiplier: 3, 3x, 10:1, 20:3
    FRACTION = "fraction"  # a share: 0.2, 20%
    WHOLE = "whole"  # a whole number of things: 3


class Parameter:
    """One input: `read` turns what a person typed into its value or refuses it, naming `name`."""

    __slots__ = (
        "default",
        "example",
        "least",
        "most",
        "name",
        "one_ok",
        "positive",
        "reads",
        "what",
        "zero_ok",
    )

    def __init__(
        self,
        name: str,
        reads: str,
        *,
        default: str | None = None,  # as a person would type it
        example: str = "",  # a typical value, for a parameter with no default
        what: str = "",  # 'a peak factor', for messages
        least: float = 0.0,  # FACTOR and WHOLE: the smallest value accepted
        most: float = 0.0,  # WHOLE: the largest
        positive: bool = False,  # more than 0 (sizes, server capacity, years)
        zero_ok: bool = False,  # FRACTION: 0 is a share
        one_ok: bool = False,  # FRACTION: 1 is a share
    ) -> None:
        self.name, self.reads, self.default, self.example = name, reads, default, example
        self.what, self.least, self.most = what, least, most
        self.positive, self.zero_ok, self.one_ok = positive, zero_ok, one_ok

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, default={self.default!r})"

    @property
    def suggestion(self) -> str:
        """What to offer a person who has not typed anything yet."""
        return self.default if self.default is not None else self.example

    @property
    def default_value(self) -> Any:
        assert self.default is not None, f"{self.name} has no default"
        return self.read(self.default)

    def read(self, text: str) -> Any:
        """`text` as this parameter's value; UsageProblem naming this parameter if it is not one."""
        from primer_cli.estimate.reading import read_parameter  # the parser loads only now

        return read_parameter(self, text)


COUNT = Parameter("count", Reads.COUNT, example="10M")
PER = Parameter("per", Reads.PERIOD, example="month")
RATE = Parameter("rate", Reads.RATE, example="100M/month")
USERS = Parameter("users", Reads.COUNT, example="10M")
PER_USER = Parameter("per_user", Reads.COUNT, example="2")
SIZE = Parameter("size", Reads.SIZE, example="1KB", positive=True)
PEAK_FACTOR = Parameter("peak_factor", Reads.FACTOR, default="3", what="a peak factor", least=1)
READ_RATIO = Parameter("read_ratio", Reads.FACTOR, default="10", what="a read ratio")
YEARS = Parameter("years", Reads.FACTOR, default="3", what="a number of years", positive=True)
REPLICAS = Parameter(
    "replicas", Reads.WHOLE, default="1", what="a number of copies", least=1, most=MAX_REPLICAS
)
HOT = Parameter("hot", Reads.FRACTION, default="0.2", one_ok=True)
WINDOW = Parameter("window", Reads.PERIOD, default="day")
DOWNTIME_PER = Parameter("per", Reads.PERIOD, default="year")
QPS = Parameter("qps", Reads.PER_SECOND, example="20k")
PER_SERVER = Parameter("per_server", Reads.PER_SECOND, default="1k", positive=True)
HEADROOM = Parameter("headroom", Reads.FRACTION, default="0.3", zero_ok=True)
