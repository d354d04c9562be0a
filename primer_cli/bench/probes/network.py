"""Loopback TCP: a round trip to an echo thread, and sending 1 KB. Nothing leaves 127.0.0.1.

Loopback has no network card, wire or switch, so both figures are lower
bounds for the table's datacenter rows: the software part of the trip alone.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from primer_cli.bench.context import Context
from primer_cli.bench.outcome import Measured, Outcome
from primer_cli.bench.stats import Spread
from primer_cli.bench.timing import WALL, per_operation

LOOPBACK = "127.0.0.1"
KILOBYTE = 1024
TIMEOUT_S = 5.0  # a wedged peer fails the row instead of hanging the run


@contextmanager
def loopback_pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """Two connected TCP sockets on 127.0.0.1 with Nagle's delay off, closed afterwards."""
    with socket.create_server((LOOPBACK, 0)) as server:
        client = socket.create_connection(server.getsockname(), timeout=TIMEOUT_S)
        peer, _ = server.accept()
    with client, peer:
        for end in (client, peer):
            end.settimeout(TIMEOUT_S)
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        yield client, peer


def _echo(peer: socket.socket) -> None:
    """Send back whatever arrives until the other end closes."""
    try:
        while data := peer.recv(64):
            peer.sendall(data)
    except OSError:
        return  # the run closed the socket under us: it is over


def _round_trips(client: socket.socket) -> Callable[[int], None]:
    def batch(count: int) -> None:
        for _ in range(count):
            client.sendall(b"x")
            if not client.recv(64):
                raise ConnectionError("the echo thread hung up")

    return batch


def round_trip(context: Context) -> Outcome:
    with loopback_pair() as (client, peer):
        echo = threading.Thread(target=_echo, args=(peer,), name="primer-bench-echo", daemon=True)
        echo.start()
        try:
            samples = per_operation(_round_trips(client), context.effort, WALL)
        finally:
            client.shutdown(socket.SHUT_RDWR)
            echo.join(TIMEOUT_S)
    note = (
        "1 byte to an echo thread in this process and back over loopback TCP: two trips through "
        "the kernel's TCP stack and two thread wake-ups, no network card or wire. A lower bound "
        "for a datacenter round trip. Wall clock."
    )
    return Measured(Spread.of(samples), note)


def _send_kilobytes(sender: socket.socket, receiver: socket.socket) -> Callable[[int], None]:
    payload = b"k" * KILOBYTE
    inbox = memoryview(bytearray(KILOBYTE))

    def batch(count: int) -> None:
        for _ in range(count):
            sender.sendall(payload)
            received = 0
            while received < KILOBYTE:
                received += receiver.recv_into(inbox[received:])

    return batch


def send_kilobyte(context: Context) -> Outcome:
    with loopback_pair() as (sender, receiver):
        samples = per_operation(_send_kilobytes(sender, receiver), context.effort, WALL)
    note = (
        "1 KB sent and received over loopback TCP by one thread: both system calls and the "
        "kernel's work, no wire (1 Gbps puts 1 KB on a wire in 8.2 µs). A lower bound. Wall clock."
    )
    return Measured(Spread.of(samples), note)
