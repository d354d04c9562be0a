"""The few styles every renderer shares, in a module that imports nothing.

Kept apart from `render/topic.py` so a renderer that needs only a colour
(the quiz's first question, every TUI screen) does not import the topic page.
"""

from __future__ import annotations

HEADING = "bold cyan"
ACCENT = "cyan"
MUTED = "dim"
