"""A one-line message under a field: why what was typed cannot be used; takes no room when empty."""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import Static


class Problem(Static):
    DEFAULT_CSS = """
    Problem {
        color: $error;
        height: auto;
    }
    """

    def on_mount(self) -> None:
        self.display = False

    def say(self, message: RenderableType) -> None:
        """Show `message`, or hide the line when it is empty."""
        self.update(message)
        self.display = bool(message)
