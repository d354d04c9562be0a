"""Schema checking shared by every content folder: walk parsed YAML, collect problems.

A checker records each problem with its field path (`sections[2].body`)
instead of raising, so an author sees every mistake in a file at once; the
YAML source module later attaches the file and line of each path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from primer_cli.errors import PrimerError


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file. `path` is a field path like `sections[2].body`."""

    path: str
    message: str
    line: int | None = None
    file: str = ""

    def describe(self) -> str:
        where = self.file or "<topic>"
        if self.line is not None:
            where += f":{self.line}"
        field_part = f" field '{shortened(self.path)}'" if self.path else ""
        described = f"{where}:{field_part} {_LONG_QUOTE.sub(_shorten_quote, self.message)}"
        return _escaped(described)  # one problem, one line, whatever the file held


# A value quoted in a message ('abc...') is shown whole only up to this length:
# a 5,000-digit number or a pasted page must not bury the file and line.
QUOTE_LIMIT = 60
_LONG_QUOTE = re.compile(rf"'([^'\n]{{{QUOTE_LIMIT + 1},}})'")


def _shorten_quote(match: re.Match[str]) -> str:
    return f"'{shortened(match[1])}'"


def shortened(text: str, limit: int = QUOTE_LIMIT) -> str:
    """`text`, or its start and its length when it is too long to echo back whole."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}… ({len(text):,} characters)"


def echoed(text: str, limit: int = QUOTE_LIMIT) -> str:
    """What a user typed, fit to be echoed in a message: control characters escaped, shortened."""
    shown = _escaped(text)
    if len(shown) <= limit:
        return shown
    return f"{shown[: limit - 20]}… ({len(text):,} characters)"  # the length as typed


def _escaped(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class Checker:
    """Walks a parsed mapping, recording problems instead of raising."""

    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def keys(
        self, data: Mapping[str, Any], path: str, required: set[str], optional: set[str]
    ) -> None:
        prefix = f"{path}." if path else ""
        for key in sorted(required - data.keys()):
            self.fail(f"{prefix}{key}", "is required but missing")
        for key in sorted(data.keys() - required - optional, key=str):
            allowed = ", ".join(sorted(required | optional))
            self.fail(f"{prefix}{key}", f"is not a known field (allowed: {allowed})")

    def reported(self, path: str) -> bool:
        return any(problem.path == path for problem in self.problems)

    def text(self, value: Any, path: str, *, allow_empty: bool = False) -> str:
        if value is None and self.reported(path):
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(path, f"must be text, not {kind_of(value)}")
            return ""
        result = str(value).strip()
        if not result and not allow_empty:
            self.fail(path, "must not be empty")
        return result

    def text_list(self, value: Any, path: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        items = self.sequence(value, path, allow_empty=allow_empty)
        return tuple(self.text(item, f"{path}[{i}]") for i, item in enumerate(items))

    def sequence(self, value: Any, path: str, *, allow_empty: bool = True) -> list[Any]:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.fail(path, f"must be a list, not {kind_of(value)}")
            return []
        if not value and not allow_empty:
            self.fail(path, "must have at least one entry")
        return value

    def versioned_file(self, data: Any, body: str, version: int) -> Mapping[str, Any] | None:
        """A small data file's top: a mapping of `schema` (which must be `version`) and `body`."""
        top = self.mapping(data, "")
        if top is None:
            return None
        self.keys(top, "", {"schema", body}, set())
        if top.get("schema", version) != version:
            self.fail("schema", f"must be {version}")
        return top

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, f"must be a mapping of fields, not {kind_of(value)}")
            return None
        return value

    def records(
        self,
        value: Any,
        path: str,
        build: Callable[[Mapping[str, Any], str], Any],
        *,
        allow_empty: bool = True,
    ) -> tuple[Any, ...]:
        built = []
        for i, item in enumerate(self.sequence(value, path, allow_empty=allow_empty)):
            item_path = f"{path}[{i}]"
            record = self.mapping(item, item_path)
            if record is not None:
                built.append(build(record, item_path))
        return tuple(built)


def kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    return {dict: "a mapping", list: "a list", bool: "true/false", str: "text"}.get(
        type(value), type(value).__name__
    )


class ContentError(PrimerError):
    """One or more content files break their schema; every problem is listed."""

    def __init__(self, problems: list[Problem], *, what: str = "topic content") -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {p.describe()}" for p in problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The {what} has {count} {noun}:\n{lines}")
