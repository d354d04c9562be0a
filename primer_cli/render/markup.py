"""The small Markdown subset primer's short texts use: **bold**, `code` and *italic*.

Table cells, captions, list items, quiz text and error hints are short
strings, not documents; they go through `inline` instead of Rich's Markdown,
so a hint such as "see `primer topics`" shows the command styled, never its
backticks.
"""

from __future__ import annotations

import re

from rich.text import Text

_INLINE = re.compile(r"\*\*(.+?)\*\*|`([^`]+)`|(?<![\w*])\*([^*]+)\*(?![\w*])")


def inline(text: str, style: str = "") -> Text:
    """Text with **bold**, `code` and *italic* styled and their marks removed."""
    result = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        result.append(text[position : match.start()])
        bold, code, italic = match.groups()
        if bold is not None:
            result.append(bold, style="bold")
        elif code is not None:
            result.append(code, style="markdown.code")
        else:
            result.append(italic, style="italic")
        position = match.end()
    result.append(text[position:])
    return result
