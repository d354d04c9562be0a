"""The search lexicon as `primer check` sees it: both tables, held against one index.

Each table is valid on its own (`synonyms.py`, `irregular.py`); here every
synonym group must name, and every irregular verb must be, something the
topics use, or the entry could never help a search. One index serves both
checks: building it stems the whole library (about 160 ms).
"""

from __future__ import annotations

from pathlib import Path

from primer_cli.checking import ContentError
from primer_cli.topics.irregular import IrregularVerbs, load_irregular, unused_verbs
from primer_cli.topics.library import Library
from primer_cli.topics.synonyms import Synonyms, load_synonyms, unused_groups


def checked_lexicon(
    library: Library, synonyms_path: Path, verbs_path: Path
) -> tuple[Synonyms, IrregularVerbs]:
    """Both tables, valid and used by `library`; ContentError naming every unused entry."""
    from primer_cli.topics.search import SearchIndex

    verbs = load_irregular(verbs_path)
    synonyms = load_synonyms(synonyms_path)
    index = SearchIndex.build(library, synonyms, verbs)
    unused = unused_verbs(verbs, index, verbs_path)
    if unused:
        raise ContentError(unused, what="irregular verb table")
    unused = unused_groups(synonyms, index, synonyms_path)
    if unused:
        raise ContentError(unused, what="synonym table")
    return synonyms, verbs
