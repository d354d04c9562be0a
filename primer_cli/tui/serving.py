"""`primer tui --web`: textual-serve runs one app process per browser tab, on loopback only.

textual-serve prints a logo and a banner of its own; primer prints one line
with the address instead, and stops on Ctrl-C (SIGINT) or SIGTERM, which
textual-serve turns into a graceful exit of its web server and its apps.
"""

from __future__ import annotations

import socket

from textual_serve.server import Server


class PrimerServer(Server):
    """textual-serve's server, announcing itself in one line."""

    async def on_startup(self, app: object) -> None:
        self.console.print(f"primer is at {self.public_url}  (Ctrl-C stops it)", highlight=False)


def claim_port(host: str, port: int) -> None:
    """Raise OSError if `port` cannot be bound, before anything announces it.

    aiohttp runs `on_startup`, where the address is printed, before it binds
    the port; without this a taken port printed an address, then failed.
    Bound as aiohttp binds (SO_REUSEADDR), so a port in TIME_WAIT is not refused.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def serve(command: str, *, host: str, port: int) -> None:
    """Serve `command` on http://host:port until a signal stops it."""
    claim_port(host, port)
    PrimerServer(command, host=host, port=port, title="primer").serve()
