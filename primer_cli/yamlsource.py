"""Reading YAML content files, and pointing a problem at its file and line.

Shared by every content folder (topics, quizzes, ...): a file that cannot be
read or parsed becomes a located `Problem`, never an exception, and a schema
problem's field path (`questions[3].options[1].text`) is mapped back to the
line an author should look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from primer_cli.checking import Problem

# libyaml parses about ten times faster; fall back where it was not compiled in.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> tuple[Any, str, list[Problem]]:
    """The parsed data and the text of `path`, or the problem that stopped it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, "", [Problem("", f"cannot be read: {error}", file=str(path))]
    try:
        return yaml.load(text, Loader=_Loader), text, []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        return None, text, [Problem("", f"is not valid YAML: {reason}", line=line, file=str(path))]


def locate(problems: list[Problem], text: str, path: Path) -> list[Problem]:
    """Attach file and line numbers. Composing nodes is slower, so only on failure."""
    if not problems:
        return []
    root = yaml.compose(text, Loader=_Loader)
    return [
        Problem(p.path, p.message, line=_line_of(root, p.path), file=str(path)) for p in problems
    ]


def locate_in_file(problems: list[Problem], path: Path) -> list[Problem]:
    """`locate` for a file already known to parse (cross-file checks)."""
    return locate(problems, path.read_text(encoding="utf-8"), path)


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
