"""The `primer estimate` wizard: asks for one system's inputs, then prints the `system` report.

A learner knows "2 writes and 20 reads per user a day", not a read ratio, so
the wizard asks for both per user per period and works the ratio out. Each
question offers the default declared in estimate/parameters.py, and each
answer is read as its flag would be (same parser, same bounds) the moment it
is typed, so nothing typed is lost at the end. Last comes the command that
gives the same report from flags, broken between whole words.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

import typer

from primer_cli.cli._app import console
from primer_cli.cli.estimate import flag, print_report
from primer_cli.errors import UsageProblem
from primer_cli.estimate import parameters as declared
from primer_cli.estimate.figures import format_number
from primer_cli.estimate.system import SystemInputs, SystemReport, estimate_system

EXIT_INTERRUPTED = 130
READS_PER_USER = declared.Parameter("reads_per_user", declared.Reads.COUNT)


@dataclass(frozen=True)
class Question:
    """One question, the parameter its answer is read as, and what to offer before anything is typed."""

    parameter: declared.Parameter
    text: str  # may name the period the user chose: {period}
    offer: str
    positive: bool = False  # the whole-system estimate needs more than 0

    def read(self, answer: str) -> Any:
        value = self.parameter.read(answer)
        if self.positive and value <= 0:
            raise UsageProblem(f"'{answer}' must be more than 0", param=self.parameter.name)
        return value


def _reads_offer() -> str:
    """Reads per user that match the declared defaults: writes per user x the read ratio."""
    writes = declared.PER_USER.read(declared.PER_USER.example)
    return format_number(writes * declared.READ_RATIO.default_value, 6)


QUESTIONS = (
    Question(declared.USERS, "How many active users?", declared.USERS.example, positive=True),
    Question(
        declared.PER,
        "Over what period do you count what each user does (hour, day, month...)?",
        declared.USERS_PERIOD,
    ),
    Question(
        declared.PER_USER,
        "How many writes does each user make per {period}?",
        declared.PER_USER.example,
        positive=True,
    ),
    Question(READS_PER_USER, "How many reads does each user make per {period}?", _reads_offer()),
    Question(declared.SIZE, "How big is one write?", declared.SIZE.example),
    Question(declared.YEARS, "How many years is data kept?", declared.YEARS.suggestion),
    Question(
        declared.REPLICAS, "How many copies of each item are kept?", declared.REPLICAS.suggestion
    ),
    Question(
        declared.PER_SERVER,
        "How many requests per second can one server handle?",
        declared.PER_SERVER.suggestion,
    ),
)


def run_wizard() -> None:
    """Ask, estimate, print the report and the flags that reproduce it; Ctrl-C leaves quietly."""
    try:
        answers: dict[str, str] = {}
        for question in QUESTIONS:
            answers[question.parameter.name] = _ask(question, answers)
        report = _estimate(answers)
    except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D: leave quietly, as a shell would
        console(stderr=True).print("[dim]Cancelled.[/]")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    print_report(report, as_json=False, page=True)
    print_command(flags_for(answers), "Same estimate from flags:")


def _ask(question: Question, answers: dict[str, str]) -> str:
    import questionary  # ~100 ms to import: only the wizard pays for it

    text = question.text.format(period=_period(answers))

    def validate(typed: str) -> bool | str:
        try:
            question.read(typed)
        except UsageProblem as problem:
            return reason(problem)
        return True

    answer = questionary.text(text, default=question.offer, validate=validate).unsafe_ask()
    return str(answer).strip()


def reason(problem: UsageProblem) -> str:
    """What is wrong with an answer, without a refused quantity's list of examples.

    questionary shows it on one line under the prompt, cut at the terminal's
    edge, and the question already offers a value of the right kind.
    """
    from primer_cli.estimate.quantity import QuantityProblem

    return problem.reason if isinstance(problem, QuantityProblem) else problem.message


def _period(answers: dict[str, str]) -> str:
    typed = answers.get(declared.PER.name, declared.USERS_PERIOD)
    return str(declared.PER.read(typed).noun)


def _estimate(answers: dict[str, str]) -> SystemReport:
    """The report; an answer the estimate refuses is asked again, the others kept."""
    while True:
        try:
            return estimate_system(inputs_from(answers))
        except UsageProblem as problem:
            question = next((q for q in QUESTIONS if q.parameter.name == problem.param), None)
            if question is None:  # not one answer's fault: keep what was typed, then say why
                print_command(flags_for(answers), "Your answers as flags:")
                raise
            console(stderr=True).print(f"[red]{problem.message}[/]", markup=False)
            answers[question.parameter.name] = _ask(question, answers)


def inputs_from(answers: dict[str, str]) -> SystemInputs:
    """The wizard's answers as the `system` command's inputs."""
    from primer_cli.estimate.arrivals import stated_arrival

    writes = stated_arrival(
        users=answers["users"],
        per_user=answers["per_user"],
        per=answers["per"],
        what="writes",
        positive=True,
    )
    return SystemInputs(
        writes=writes,
        item_bytes=declared.SIZE.read(answers["size"]),
        read_ratio=declared.READ_RATIO.read(read_ratio_text(answers)),
        years=declared.YEARS.read(answers["years"]),
        replicas=declared.REPLICAS.read(answers["replicas"]),
        per_server=declared.PER_SERVER.read(answers["per_server"]),
    )


def read_ratio_text(answers: dict[str, str]) -> str:
    """Reads per write as --read-ratio takes it: 10 when exact, else reads:writes (20:3)."""
    reads = READS_PER_USER.read(answers["reads_per_user"])
    writes = declared.PER_USER.read(answers["per_user"])
    ratio = format_number(reads / writes, 6)
    if float(ratio.replace(",", "")) == reads / writes:
        return ratio
    return f"{format_number(reads, 15)}:{format_number(writes, 15)}"


def flags_for(answers: dict[str, str]) -> list[str]:
    """`primer estimate system` and a flag with its value per answer, each pair one word group."""
    values: dict[str, str] = {n: answers[n] for n in ("users", "per_user", "per") if n in answers}
    if "reads_per_user" in answers and "per_user" in answers:
        values["read_ratio"] = read_ratio_text(answers)
    for name in ("size", "years", "replicas", "per_server"):
        if name in answers:
            values[name] = answers[name]
    words = ["primer estimate system"]
    for name, value in values.items():
        words.append(f"{flag(name)} {shlex.quote(value)}")
    return words


def command_lines(words: list[str], width: int) -> list[str]:
    """A shell command broken only between `words`, with ' \\' continuations, within `width`.

    A word group (a flag and its value) is never split, so pasting the lines
    gives the shell exactly the words printed; a group longer than the line
    stands alone on its line rather than being cut.
    """
    lines: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if line and len(candidate) + 2 > width:  # room for ' \'
            lines.append(line + " \\")
            line = "    " + word
        else:
            line = candidate
    return [*lines, line]


def print_command(words: list[str], label: str) -> None:
    from rich.text import Text

    out = console()
    out.print(Text(label, style="dim"))
    for line in command_lines(words, out.width - 2):
        out.print(Text("  " + line), soft_wrap=True)
