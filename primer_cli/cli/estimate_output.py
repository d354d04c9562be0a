"""How `primer estimate` and `primer numbers` print: Rich or JSON on stdout, whatever its encoding.

With PYTHONIOENCODING=ascii (or any stdout that cannot hold ≈ and ×) the
tables fall back to ASCII (render/ascii.py) and JSON escapes what it must
(\\u2248), so the output changes its symbols, never its numbers, and nothing
raises. Rich and the renderers load only when something is drawn.
"""

from __future__ import annotations

import sys
from typing import Any

from primer_cli.cli._app import console, print_json

_SYMBOLS = "≈×÷→µ†█"


def stdout_takes_unicode() -> bool:
    """True when stdout can encode the symbols estimates draw."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        _SYMBOLS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def emit(renderable: Any) -> None:
    """Draw `renderable` on stdout, in ASCII where stdout cannot take Unicode."""
    from primer_cli.render.ascii import AsciiFallback

    console().print(AsciiFallback(renderable))


def emit_paged(renderable: Any, *, page: bool) -> None:
    """As `emit`, but paged like `primer learn` when taller than the terminal."""
    from primer_cli.cli.learn import show
    from primer_cli.render.ascii import AsciiFallback

    show(AsciiFallback(renderable), page=page)


def emit_json(data: Any) -> None:
    """`data` as JSON on stdout; \\u escapes where stdout cannot take Unicode (still valid JSON)."""
    if stdout_takes_unicode():
        print_json(data)
        return
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")
