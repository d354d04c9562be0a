"""The synonym and abbreviation table that search reads, kept as data beside the content.

Each group in `lexicon/synonyms.yaml` lists names for one idea ("LB" and
"load balancer"; "thundering herd", "cache stampede" and "dogpile"), so a
search for any of them finds topics that use another. The file is checked
like the topics: a closed schema, every problem with its line, no name in two
groups (a search could not tell which idea was meant), and in `primer check`
every group must name something the topics actually mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from primer_cli.checking import Checker, Problem
from primer_cli.topics.words import stems_of, words_of

if TYPE_CHECKING:
    from primer_cli.topics.search import SearchIndex

SCHEMA_VERSION = 1
FILE_NAME = "synonyms.yaml"
MAX_PHRASE_WORDS = 4  # longer phrases are sentences, not names


@dataclass(frozen=True)
class Synonyms:
    """Groups of names that mean the same thing, as written in the file."""

    groups: tuple[tuple[str, ...], ...]

    def stemmed(
        self, known: dict[str, str] | None = None
    ) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Each group as the stem sequences search compares; `known` holds the index's stems."""
        return tuple(tuple(tuple(stems_of(name, known)) for name in group) for group in self.groups)


def lexicon_file() -> Path:
    """The shipped synonym table (`lexicon/` in a checkout, `_data/lexicon` in a wheel)."""
    from primer_cli.paths import data_dir

    return data_dir("lexicon") / FILE_NAME


def parse_synonyms(data: Any) -> tuple[Synonyms | None, list[Problem]]:
    """Validate the parsed file. Returns the table, or None and every problem."""
    check = Checker()
    top = check.versioned_file(data, "groups", SCHEMA_VERSION)
    if top is None:
        return None, check.problems
    entries = check.sequence(top.get("groups"), "groups", allow_empty=False)
    groups = tuple(_group(check, entry, f"groups[{i}]") for i, entry in enumerate(entries))
    _check_unique(check, groups)
    return (None if check.problems else Synonyms(groups)), check.problems


def _group(check: Checker, value: Any, path: str) -> tuple[str, ...]:
    names = check.text_list(value, path, allow_empty=False)
    if len(names) == 1:
        check.fail(path, "needs at least two names for the same idea")
    for j, name in enumerate(names):
        count = len(words_of(name))
        if name and not stems_of(name):
            check.fail(f"{path}[{j}]", f"'{name}' has only stop words, which search ignores")
        elif count > MAX_PHRASE_WORDS:
            check.fail(
                f"{path}[{j}]", f"'{name}' has {count} words; a name has at most {MAX_PHRASE_WORDS}"
            )
    return names


def _check_unique(check: Checker, groups: tuple[tuple[str, ...], ...]) -> None:
    """A name (compared by its stems) may stand in one group only."""
    owner: dict[tuple[str, ...], tuple[int, str]] = {}
    for i, group in enumerate(groups):
        for j, name in enumerate(group):
            key = tuple(stems_of(name))
            if not key:
                continue
            if key in owner and owner[key][0] != i:
                check.fail(
                    f"groups[{i}][{j}]",
                    f"'{name}' is also in group {owner[key][0] + 1} ('{owner[key][1]}'); a name belongs to one group",
                )
            elif key in owner:
                check.fail(f"groups[{i}][{j}]", f"'{name}' is listed twice in this group")
            owner.setdefault(key, (i, name))


def load_synonyms(path: Path) -> Synonyms:
    """Read and check the table; raise ContentError listing every problem."""
    from primer_cli.yamlsource import load_checked  # YAML only on a cache miss

    return load_checked(path, parse_synonyms, what="synonym table")


def unused_groups(synonyms: Synonyms, index: SearchIndex, path: Path) -> list[Problem]:
    """Groups none of whose names any topic mentions: they could never help a search."""
    from primer_cli.yamlsource import locate_in_file

    stemmed = synonyms.stemmed(index.lexicon.stems)
    problems = [
        Problem(f"groups[{i}]", f"no topic mentions any of {', '.join(repr(n) for n in names)}")
        for i, (names, phrases) in enumerate(zip(synonyms.groups, stemmed, strict=True))
        if not any(index.mentions(phrase) for phrase in phrases)
    ]
    return locate_in_file(problems, path)
