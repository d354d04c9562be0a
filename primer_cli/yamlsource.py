"""Reading YAML content files, and pointing a problem at its file and line.

Shared by every content folder (topics, quizzes, ...): a file that cannot be
read or parsed becomes a located `Problem`, never an exception, and a schema
problem's field path (`questions[3].options[1].text`) is mapped back to the
line an author should look at.

Nothing read from disk is trusted. Only regular files are read (a FIFO would
block forever, `/dev/zero` would fill memory), and only up to `MAX_BYTES`,
far above any real content file. YAML is loaded as plain data (`PlainLoader`):
safe types only, dates left as the text written, a value that does not
convert to its tag (`!!int abc`, a 5,000-digit number) left as text for the
schema to report, keys always text, and a key given twice refused.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
import yaml.reader
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from primer_cli.checking import ContentError, Problem

Checked = TypeVar("Checked")

MAX_BYTES = 1_000_000  # the largest shipped content file is under 12 KB

# libyaml parses about ten times faster; fall back where it was not compiled in.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"


class PlainLoader(_Base):  # the base (C or Python) is chosen at run time
    """The safe loader, keeping content plain: text keys, no dates, no tag that can crash."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep=deep)
        _refuse_repeated_keys(node)
        self.flatten_mapping(node)  # `<<` merges first, as PyYAML does; own keys win
        mapping: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    "found a key that is not text",
                    key.start_mark,
                )
            # The key as written: `null:` is the field 'null', not None; `1:` is '1'.
            mapping[key.value] = self.construct_object(value, deep=deep)
        return mapping


def _refuse_repeated_keys(node: MappingNode) -> None:
    first: dict[str, Any] = {}
    for key, _ in node.value:
        if not isinstance(key, ScalarNode) or key.tag == f"{_TAG}merge":
            continue
        earlier = first.setdefault(key.value, key)
        if earlier is not key:
            raise ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found the key '{_short(key.value)}' twice (first on line {earlier.start_mark.line + 1})",
                key.start_mark,
            )


def _as_written_if_invalid(construct: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def constructor(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, IndexError, KeyError, OverflowError):
            return loader.construct_scalar(node)  # the schema says what is wrong with it

    return constructor


def _plain(loader: Any, suffix: str, node: Any) -> Any:
    """Any other tag (`!thing`, `!!python/...`): the value as if it had none, built safely."""
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


PlainLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != f"{_TAG}timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
for _kind in ("int", "float", "bool"):
    PlainLoader.add_constructor(
        f"{_TAG}{_kind}", _as_written_if_invalid(PlainLoader.yaml_constructors[f"{_TAG}{_kind}"])
    )
PlainLoader.add_constructor(f"{_TAG}timestamp", SafeConstructor.construct_yaml_str)
PlainLoader.add_multi_constructor("", _plain)


def read_yaml(path: Path) -> tuple[Any, str, list[Problem]]:
    """The parsed data and the text of `path`, or the problem that stopped it."""
    text, unreadable = read_text(path)
    if text is None:
        return None, "", [Problem("", unreadable, file=str(path))]
    try:
        return yaml.load(text, Loader=PlainLoader), text, []
    except yaml.YAMLError as error:
        return None, text, [_not_yaml(error, text, path)]
    except RecursionError:
        return None, text, [Problem("", "is nested too deeply to read", file=str(path))]


def _not_yaml(error: yaml.YAMLError, text: str, path: Path) -> Problem:
    """One line an author can act on, at the line of the file where parsing stopped."""
    line: int | None
    if isinstance(error, yaml.reader.ReaderError):  # a control character: a position, no mark
        line = text.count("\n", 0, error.position) + 1
        reason = (
            f"it holds the control character U+{error.character:04X}, which YAML does not allow"
        )
    else:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    return Problem("", f"is not valid YAML: {reason}", line=line, file=str(path))


def read_text(path: Path) -> tuple[str | None, str]:
    """The UTF-8 text of a regular file under MAX_BYTES, or None and why it was not read."""
    try:
        # Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        return None, _unopenable(path, error)
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        return None, f"is {_file_kind(mode)}, not a regular file: not read"
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return (
            None,
            f"is larger than {MAX_BYTES // 1_000_000} MB: not read (content files are small)",
        )
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        return None, f"is not UTF-8 text (byte {error.start + 1} cannot be decoded)"


def _unopenable(path: Path, error: OSError) -> str:
    if path.is_symlink() and not path.exists():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return f"is a symbolic link to {target}, which cannot be followed"
    return f"cannot be read ({error.strerror})"


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def load_checked(
    path: Path, parse: Callable[[Any], tuple[Checked | None, list[Problem]]], *, what: str
) -> Checked:
    """Read a small data file and check it with `parse`; raise ContentError with every problem."""
    data, text, unreadable = read_yaml(path)
    if unreadable:
        raise ContentError(unreadable, what=what)
    checked, problems = parse(data)
    if checked is None:
        raise ContentError(locate(problems, text, path), what=what)
    return checked


def locate(problems: list[Problem], text: str, path: Path) -> list[Problem]:
    """Attach file and line numbers. Composing nodes is slower, so only on failure."""
    if not problems:
        return []
    root = yaml.compose(text, Loader=PlainLoader)
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
