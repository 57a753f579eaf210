"""One accepted connection's socket, read and written directly: the emulator server's I/O.

A plain non-blocking socket (TLS: a non-blocking `ssl.SSLSocket`) that is tried first and
waited on only when it has nothing to give or cannot take more, natively under asyncio and
trio alike (`hfortix.transports._waits`, a deadline per wait): the client transport's recipe
(`hfortix.transports.h11_async`). anyio's TLS stream runs OpenSSL over memory buffers in
Python, record by record, which cost the emulator's HTTPS more CPU than OpenSSL itself.
"""

from __future__ import annotations

import math
import socket
import ssl
from collections.abc import Callable
from typing import Any, TypeVar

from hfortix.transports._waits import Waits

T = TypeVar("T")

__all__ = ["Wire"]

_NOT_READY: tuple[type[BaseException], ...] = (BlockingIOError, InterruptedError)


class Wire:
    """`receive` (b"" at end of stream), `send`, TLS `start_tls` / `unwrap`, `send_eof`, `close`.

    `waits` are the running loop's (`_waits.waits_for`)."""

    __slots__ = ("sock", "tls", "waits", "want_read", "want_write")

    def __init__(self, sock: socket.socket, waits: Waits) -> None:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock
        self.waits = waits
        self.tls = False
        self.want_read = _NOT_READY
        self.want_write = _NOT_READY

    async def start_tls(self, context: ssl.SSLContext) -> None:
        """The server side of a TLS handshake; raises ssl.SSLError or OSError if it fails."""
        self.sock = context.wrap_socket(self.sock, server_side=True, do_handshake_on_connect=False)
        self.tls = True
        self.want_read = (ssl.SSLWantReadError, *_NOT_READY)
        self.want_write = (ssl.SSLWantWriteError, *_NOT_READY)
        tls: Any = self.sock
        await self._complete(tls.do_handshake)

    async def receive(self, deadline: float = math.inf) -> bytes | None:
        """The next bytes the peer sent; b"" once it has closed (for TLS, a missing close_notify
        too); None if nothing came by `deadline` (on the loop's clock)."""
        return await self.waits.receive(self.sock, deadline)

    async def send(self, data: bytes) -> None:
        sock, view = self.sock, memoryview(data)
        while view:
            try:
                view = view[sock.send(view):]
            except self.want_write:
                await self.waits.writable(sock, math.inf)
            except self.want_read:  # TLS may have to read before it can write
                await self.waits.readable(sock, math.inf)

    async def unwrap(self) -> None:
        """TLS: our close_notify, then the peer's; raises ssl.SSLError or OSError when it just goes."""
        tls: Any = self.sock
        self.sock = await self._complete(tls.unwrap)
        self.tls = False
        self.want_read = self.want_write = _NOT_READY

    def send_eof(self) -> None:
        """FIN: nothing more from us (TLS is left without its close_notify; see `unwrap`)."""
        self.sock.shutdown(socket.SHUT_WR)

    def discard_unread(self) -> None:
        """Drop whatever input has already arrived, without waiting: a socket closed with unread
        input sends RST, which can destroy what the peer has not read yet (a TLS alert, say)."""
        try:
            while socket.socket.recv(self.sock, 65536):  # the bytes under any TLS
                pass
        except OSError:  # nothing more for now (or the peer is gone): done either way
            pass

    def close(self) -> None:
        self.waits.forget(self.sock)  # the loop may watch it between requests (`_waits.receive`)
        self.sock.close()

    async def _complete(self, step: Callable[[], T]) -> T:
        """Call `step` (a TLS handshake or shutdown) until it no longer needs to wait; its result."""
        while True:
            try:
                return step()
            except ssl.SSLWantReadError:
                await self.waits.readable(self.sock, math.inf)
            except ssl.SSLWantWriteError:
                await self.waits.writable(self.sock, math.inf)
