"""`primer tui --web`: textual-serve runs one app process per browser tab, on loopback only.

textual-serve prints a logo and a banner of its own; primer prints one line
with the address instead, and stops on Ctrl-C (SIGINT) or SIGTERM, which
textual-serve turns into a graceful exit of its web server and its apps.
"""

from __future__ import annotations

from textual_serve.server import Server


class PrimerServer(Server):
    """textual-serve's server, announcing itself in one line."""

    async def on_startup(self, app: object) -> None:
        self.console.print(f"primer is at {self.public_url}  (Ctrl-C stops it)", highlight=False)


def serve(command: str, *, host: str, port: int) -> None:
    """Serve `command` on http://host:port until a signal stops it."""
    PrimerServer(command, host=host, port=port, title="primer").serve()
