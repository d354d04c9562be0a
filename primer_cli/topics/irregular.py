"""The irregular verb forms search reads as their verb, kept as data beside the synonyms.

The Snowball stemmer joins regular forms ("writes", "writing": "write") but
not irregular ones: "written" stays "written", so "when data is written"
missed every page that says "write". `lexicon/irregular.yaml` lists the
forms under their verb; the index stems each form as its verb, in the topics
and in the question alike, and carries the forms in its cached word table,
so a search pays nothing for them. The file is checked like the synonyms: a
closed schema, every problem with its line, and in `primer check` every verb
must be one the topics use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from primer_cli.checking import Checker, Problem
from primer_cli.topics.words import STOP_WORDS, stem, words_of

if TYPE_CHECKING:
    from primer_cli.topics.search import SearchIndex

SCHEMA_VERSION = 1
FILE_NAME = "irregular.yaml"


@dataclass(frozen=True)
class IrregularVerbs:
    """Each verb with its irregular forms, as written in the file."""

    verbs: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def forms(self) -> dict[str, str]:
        """Each irregular form and the verb it is a form of ("written": "write")."""
        return {form: verb for verb, forms in self.verbs for form in forms}


def irregular_file() -> Path:
    """The shipped table, beside the synonyms (`lexicon/` in a checkout)."""
    from primer_cli.paths import data_dir

    return data_dir("lexicon") / FILE_NAME


def parse_irregular(data: Any) -> tuple[IrregularVerbs | None, list[Problem]]:
    """Validate the parsed file. Returns the table, or None and every problem."""
    check = Checker()
    top = check.versioned_file(data, "verbs", SCHEMA_VERSION)
    if top is None:
        return None, check.problems
    entries = check.mapping(top.get("verbs"), "verbs") if "verbs" in top else None
    if entries is not None and not entries:
        check.fail("verbs", "must have at least one verb")
    verbs = tuple(
        (str(verb), _forms(check, str(verb), value, f"verbs.{verb}"))
        for verb, value in (entries or {}).items()
    )
    _check_each_form_once(check, verbs)
    return (None if check.problems else IrregularVerbs(verbs)), check.problems


def _forms(check: Checker, verb: str, value: Any, path: str) -> tuple[str, ...]:
    _check_word(check, verb, path, "verb")
    forms = check.text_list(value, path, allow_empty=False)
    for j, form in enumerate(forms):
        where = f"{path}[{j}]"
        if _check_word(check, form, where, "form") and form != verb and stem(form) == stem(verb):
            check.fail(where, f"the stemmer already reads '{form}' as '{verb}'; leave it out")
    return forms


def _check_word(check: Checker, word: str, path: str, kind: str) -> bool:
    """Whether `word` is one lower-case word search can read; a problem if not."""
    if words_of(word) != [word]:
        check.fail(path, f"the {kind} '{word}' must be one lower-case word")
    elif word in STOP_WORDS:
        check.fail(path, f"the {kind} '{word}' is a stop word, which search ignores")
    else:
        return True
    return False


def _check_each_form_once(check: Checker, verbs: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """A form belongs to one verb, and is not a verb itself: "found" cannot be both."""
    owner: dict[str, str] = {}
    names = {verb for verb, _ in verbs}
    for verb, forms in verbs:
        for j, form in enumerate(forms):
            path = f"verbs.{verb}[{j}]"
            if form == verb or form in names:
                check.fail(path, f"'{form}' is a verb of this table, not a form of '{verb}'")
            elif form in owner:
                check.fail(path, f"'{form}' is already a form of '{owner[form]}'")
            owner.setdefault(form, verb)


def load_irregular(path: Path) -> IrregularVerbs:
    """Read and check the table; raise ContentError listing every problem."""
    from primer_cli.yamlsource import load_checked  # YAML only on a cache miss

    return load_checked(path, parse_irregular, what="irregular verb table")


def unused_verbs(verbs: IrregularVerbs, index: SearchIndex, path: Path) -> list[Problem]:
    """Verbs no topic uses in any form: their forms could never find anything."""
    from primer_cli.yamlsource import locate_in_file

    problems = [
        Problem(f"verbs.{verb}", f"no topic uses '{verb}' in any form ({', '.join(forms)})")
        for verb, forms in verbs.verbs
        if not index.mentions((stem(verb),))
    ]
    return locate_in_file(problems, path)
