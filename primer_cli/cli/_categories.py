"""A category named on the command line (`--category`), in any case, by a unique start."""

from __future__ import annotations

from primer_cli.errors import UsageProblem


def category_named(name: str) -> str:
    """The category `name` means; else a usage error naming the nearest and every category."""
    from primer_cli.topics.library import normalize
    from primer_cli.topics.store import library

    categories = list(library().categories())
    key = normalize(name)
    exact = [c for c in categories if normalize(c) == key]
    prefixed = [c for c in categories if normalize(c).startswith(key)]
    if exact or len(prefixed) == 1:
        return (exact or prefixed)[0]
    import difflib

    by_key = {normalize(c): c for c in categories}
    close = [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=3, cutoff=0.6)]
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    from primer_cli.checking import echoed

    raise UsageProblem(
        f"'{echoed(name)}' is not a category.{hint} Categories: {', '.join(categories)}.",
        param="--category",
    )
