"""Catching text that Rich hides: an instrument for the 80-column tests.

Rich never prints a line wider than the console; it cuts. It cuts in two
places: `Text.truncate` (a cell whose overflow is "ellipsis" or "crop", or a
`no_wrap` text) and `Segment.adjust_line_length` (a rendered line cropped to
the width it was given, which is where a table too wide for its space loses
its right-hand columns). `HiddenText` wraps both while a command runs and
records every cut that removed visible characters. Cutting trailing spaces,
which is how Rich pads and aligns, is not hiding anything and is not recorded;
nor is shortening a horizontal rule, which Rich draws long and cuts to fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text

WIDTH = 80
# A rule is drawn long and cut to fit: losing some of it loses nothing.
RULE_CHARACTERS = "─━═"


@dataclass
class HiddenText:
    """Every piece of visible text Rich cut off, with the text it was cut from."""

    cuts: list[str] = field(default_factory=list)

    def record(self, whole: str, kept: str) -> None:
        lost = whole[len(kept.rstrip("…")) :] if whole.startswith(kept.rstrip("…")) else whole
        if lost.strip(" " + RULE_CHARACTERS):
            self.cuts.append(f"{whole.strip()!r} shown as {kept.strip()!r}")


@contextmanager
def hidden_text(monkeypatch: pytest.MonkeyPatch) -> Iterator[HiddenText]:
    found = HiddenText()
    truncate = Text.truncate
    adjust = Segment.adjust_line_length.__func__  # type: ignore[attr-defined]

    def recording_truncate(self: Text, max_width: int, **options: Any) -> None:
        before = self.plain
        truncate(self, max_width, **options)
        if cell_len(before) > max_width:
            found.record(before, self.plain)

    def recording_adjust(cls: type[Segment], line: list[Segment], length: int, *a: Any, **k: Any):  # type: ignore[no-untyped-def]
        result = adjust(cls, line, length, *a, **k)
        if sum(s.cell_length for s in line if not s.control) > length:
            found.record("".join(s.text for s in line), "".join(s.text for s in result))
        return result

    monkeypatch.setattr(Text, "truncate", recording_truncate)
    monkeypatch.setattr(Segment, "adjust_line_length", classmethod(recording_adjust))
    yield found


def too_wide(output: str, width: int = WIDTH) -> list[str]:
    """Lines wider than the terminal (text written around Rich, for example)."""
    return [line for line in output.splitlines() if cell_len(line) > width]
