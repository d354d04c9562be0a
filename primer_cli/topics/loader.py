"""Load the topic library from YAML, checking every file and every cross-reference.

Errors are collected across the whole tree and reported together, each naming
the file, the field and the line, so `primer check` gives an author the full
list at once and `primer learn` never shows a traceback for a broken file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from primer_cli.errors import PrimerError
from primer_cli.topics.library import Library, normalize
from primer_cli.topics.schema import Problem, Topic, parse_topic

# libyaml parses about ten times faster; fall back where it was not compiled in.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(PrimerError):
    """One or more content files break the schema."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {p.describe()}" for p in problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"The topic content has {count} {noun}:\n{lines}")


def load_library(directory: Path) -> Library:
    """Load and check every `*.yaml` topic under `directory`; raise ContentError if any is wrong."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise PrimerError(
            f"No topic files found in {directory}.", hint="Is primer installed completely?"
        )
    topics: list[Topic] = []
    problems: list[Problem] = []
    for path in files:
        topic, file_problems = load_topic_file(path)
        problems.extend(file_problems)
        if topic is not None:
            topics.append(topic)
    problems.extend(_cross_check(topics, {p.stem for p in files}, directory))
    if problems:
        raise ContentError(problems)
    return Library(tuple(sorted(topics, key=lambda t: t.order)))


def load_topic_file(path: Path) -> tuple[Topic | None, list[Problem]]:
    """Parse one file. Problems carry the file name and, where found, the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem("", f"cannot be read: {error}", file=str(path))]
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        return None, [Problem("", f"is not valid YAML: {reason}", line=line, file=str(path))]
    topic, problems = parse_topic(data)
    if topic is not None and topic.id != path.stem:
        problems = [Problem("id", f"'{topic.id}' must match the file name '{path.stem}'")]
        topic = None
    return topic, _locate(problems, text, path)


def _locate(problems: list[Problem], text: str, path: Path) -> list[Problem]:
    """Attach file and line numbers. Composing nodes is slower, so only on failure."""
    if not problems:
        return []
    root = yaml.compose(text, Loader=_Loader)
    return [
        Problem(p.path, p.message, line=_line_of(root, p.path), file=str(path)) for p in problems
    ]


def _line_of(node: Any, path: str) -> int | None:
    """The 1-based line of the deepest node along `path` that exists."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for step in _path_steps(path):
        child = _child(node, step)
        if child is None:
            break
        node = child
        line = node.start_mark.line + 1
    return line


def _path_steps(path: str) -> Iterable[str | int]:
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        yield int(index) if index else name


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
        return node.value[step] if step < len(node.value) else None
    if isinstance(step, str) and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == step:
                # Point at the key itself: that is the line an author looks for.
                return key if not isinstance(value, yaml.CollectionNode) else value
    return None


def _cross_check(topics: list[Topic], stems: set[str], directory: Path) -> list[Problem]:
    """Checks that need the whole library: unique ids, names and order; related ids exist."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    orders: dict[int, str] = {}
    ids = {t.id for t in topics} | stems

    def fail(topic: Topic, field: str, message: str) -> None:
        file = directory / f"{topic.id}.yaml"
        located = _locate([Problem(field, message)], file.read_text(encoding="utf-8"), file)
        problems.extend(located)

    for topic in topics:
        if topic.order in orders:
            fail(topic, "order", f"{topic.order} is already used by '{orders[topic.order]}'")
        orders.setdefault(topic.order, topic.id)
        for i, name in enumerate(topic.names):
            key = normalize(name)
            if owner.get(key, topic.id) != topic.id:
                field = ["id", "title"][i] if i < 2 else f"aliases[{i - 2}]"
                fail(
                    topic, field, f"'{name}' is also a name of '{owner[key]}'; names must be unique"
                )
            owner.setdefault(key, topic.id)
        for i, related in enumerate(topic.related):
            if related not in ids:
                close = difflib.get_close_matches(related, sorted(ids), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                fail(topic, f"related[{i}]", f"'{related}' is not a topic{hint}")
            elif related == topic.id:
                fail(topic, f"related[{i}]", "a topic cannot be related to itself")
    return problems
