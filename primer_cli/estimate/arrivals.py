"""How often something happens, stated one of three ways and worked out to a rate per second.

Every calculator that takes traffic takes an `Arrival`: a count per period
('10M a month'), active users times actions per user ('100M users, 20 a day
each') or a rate typed whole ('100M/month'). `stated_arrival` reads any of
the three from what a person typed, so every face offers every calculator
the same ways of saying how often.
"""

from __future__ import annotations

from dataclasses import dataclass

from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared
from primer_cli.estimate.conventions import RULE_SECONDS_PER_MONTH, Period, seconds_derivation
from primer_cli.estimate.derivation import Derivation, Step, in_formula
from primer_cli.estimate.figures import Form, format_number
from primer_cli.wording import with_article


@dataclass(frozen=True)
class Arrival:
    """How often something happens: `count` events every `period`."""

    count: float
    period: Period
    what: str
    steps: Derivation
    average: Step  # the step holding the average per second

    @property
    def per_second(self) -> float:
        return self.count / self.period.seconds

    def over(self, seconds: float) -> float:
        """Events in `seconds`; exactly `count` when that is the stated period."""
        if seconds == self.period.seconds:
            return self.count
        return self.count * seconds / self.period.seconds

    def to_dict(self) -> dict[str, object]:
        return {
            "count": self.count,
            "period": self.period.noun,
            "what": self.what,
            "per_second": self.per_second,
        }


def arrival_from_count(
    count: float, period: Period, what: str = "requests", formula: str = "given"
) -> Arrival:
    """'10M per month': the count, given or worked out by `formula`, with the average per second."""
    given = Step(f"{what.capitalize()} per {period.noun}", formula, count, f"/{period.short}")
    return _arrival(count, period, what, (given,))


def arrival_from_users(
    users: float, per_user: float, period: Period, what: str = "requests"
) -> Arrival:
    """Daily-active-users form: users x actions per user per period."""
    count = users * per_user
    people = Step("Active users", "given", users, "")
    total = Step(
        f"{what.capitalize()} per {period.noun}",
        f"{in_formula(users)} users × {in_formula(per_user)} each",
        count,
        f"/{period.short}",
    )
    return _arrival(count, period, what, (people, total))


def arrival_from_rate(per_second: float, typed: str, what: str = "requests") -> Arrival:
    """A rate typed whole ('100M/month'): already per second once parsed."""
    given = Step(f"{what.capitalize()} per second", f"{typed} as given", per_second, "/s")
    return Arrival(per_second, Period.SECOND, what, (given,), given)


def seconds_in(period: Period) -> Step:
    """The step 'Seconds in a month = 365.25 / 12 days × 86,400 s', every digit shown."""
    return Step(
        f"Seconds in {with_article(period.noun)}",
        seconds_derivation(period),
        period.seconds,
        "s",
        form=Form.DIGITS,
    )


def _arrival(count: float, period: Period, what: str, given: Derivation) -> Arrival:
    if period is Period.SECOND:
        return Arrival(count, period, what, given, given[-1])
    seconds = seconds_in(period)
    average = Step(
        f"Average {what} per second",
        f"{in_formula(count)} ÷ {format_number(period.seconds, 9)} s",
        count / period.seconds,
        "/s",
    )
    steps = (*given, seconds, average)
    # The primer's conversion guide: a month is about 2.5 million seconds.
    if period is Period.MONTH:
        steps += (
            Step(
                "Rule of thumb",
                f"{in_formula(count)} ÷ 2.5 million s",
                count / RULE_SECONDS_PER_MONTH,
                "/s",
                rule_of_thumb=True,
            ),
        )
    return Arrival(count, period, what, steps, average)


def stated_arrival(
    *,
    count: str | None = None,
    per: str | None = None,
    rate: str | None = None,
    users: str | None = None,
    per_user: str | None = None,
    what: str = "requests",
    positive: bool = False,
) -> Arrival:
    """One arrival from the texts a person typed: count and per, users and per_user, or rate.

    Errors name the parameter (count, per, rate, users, per_user). With
    `positive`, every count must be more than 0, as a whole-system estimate needs.
    """
    _check_one_way(count, per, rate, users, per_user)
    if rate:
        return arrival_from_rate(_read(declared.RATE, rate, positive), rate, what)
    if users:
        people = _read(declared.USERS, users, positive)
        if not per_user:
            raise UsageProblem(
                "users need a count per user: how often each one acts in the period, such as 20",
                param="per_user",
            )
        each = _read(declared.PER_USER, per_user, positive)
        return arrival_from_users(
            people, each, declared.PER.read(per or declared.USERS_PERIOD), what
        )
    if count:
        number = _read(declared.COUNT, count, positive)  # a bad count is the first thing to say
        if not per:
            raise UsageProblem(
                "a count needs the period it happens in: second, minute, hour, day, week, "
                "month or year",
                param="per",
            )
        return arrival_from_count(number, declared.PER.read(per), what)
    raise UsageProblem(
        "say how often: a count and its period (10M a month), users and how often each one "
        "acts (100M users, 20 a day each), or a rate (100M/month)",
        param="count",
    )


def _check_one_way(
    count: str | None, per: str | None, rate: str | None, users: str | None, per_user: str | None
) -> None:
    ways = [name for name, text in (("count", count), ("users", users), ("rate", rate)) if text]
    if len(ways) > 1:
        raise UsageProblem(
            f"say how often one way only, not with {' and '.join(ways)}", param=ways[-1]
        )
    if per_user and not users:
        raise UsageProblem(
            "a count per user needs the number of users, such as 100M users, 20 each",
            param="per_user",
        )
    if per and rate:
        raise UsageProblem(
            f"a rate carries its own period ('{rate}'); a separate period goes with a count "
            "or with users",
            param="per",
        )


def _read(parameter: declared.Parameter, text: str, positive: bool) -> float:
    value: float = parameter.read(text)
    if positive and value <= 0:
        raise UsageProblem(
            f"'{text}' must be more than 0, such as {parameter.example}", param=parameter.name
        )
    return value
