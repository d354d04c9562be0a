"""Load the topic library from YAML, checking every file and every cross-reference.

Errors are collected across the whole tree and reported together, each naming
the file, the field and the line, so `primer check` gives an author the full
list at once and `primer learn` never shows a traceback for a broken file.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from primer_cli.checking import ContentError, Problem
from primer_cli.errors import PrimerError
from primer_cli.topics.library import Library, normalize
from primer_cli.topics.schema import Topic, parse_topic
from primer_cli.yamlsource import locate, locate_in_file, read_yaml

__all__ = ["ContentError", "Library", "load_library", "load_topic_file", "normalize"]


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
    data, text, unreadable = read_yaml(path)
    if unreadable:
        return None, unreadable
    topic, problems = parse_topic(data)
    if topic is not None and topic.id != path.stem:
        problems = [Problem("id", f"'{topic.id}' must match the file name '{path.stem}'")]
        topic = None
    return topic, locate(problems, text, path)


def _cross_check(topics: list[Topic], stems: set[str], directory: Path) -> list[Problem]:
    """Checks that need the whole library: unique ids, names and order; related ids exist."""
    problems: list[Problem] = []
    owner: dict[str, str] = {}
    orders: dict[int, str] = {}
    ids = {t.id for t in topics} | stems

    def fail(topic: Topic, field: str, message: str) -> None:
        problems.extend(locate_in_file([Problem(field, message)], directory / f"{topic.id}.yaml"))

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
