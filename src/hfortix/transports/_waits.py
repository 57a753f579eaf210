"""Waiting for a socket, with a deadline, in the running loop's own terms: asyncio or trio.

`anyio.wait_readable` asks which library runs (sniffio, twice) and looks up a run variable on
every call, and a deadline around it needs a cancel scope of its own (anyio's, over the
loop's): together about a fifth of what a keep-alive poll costs the client. A connection
waits once or twice per exchange, so each loop gets one `Waits` (`waits_for(loop)`) that
waits natively and takes the deadline as an argument:

    ready = await waits.readable(sock, deadline)   # True: readable; False: the deadline passed
    data = await waits.receive(sock, deadline)     # the next bytes (b"": closed); None: deadline

* asyncio: a reader (writer) callback and a timer on the loop, both gone when the wait ends,
  however it ends (ready, deadline, cancelled). A loop without `add_reader` (Windows'
  proactor) waits through anyio instead, which runs a selector thread for it.
  `receive` on a plain socket keeps its reader callback between receives, and the callback
  reads for the waiting receive: adding and removing a reader is two epoll calls and most of
  asyncio's selector bookkeeping, once per answer otherwise (a poll's largest cost after h11).
  The callback reads only for a receive that waits; anything else (the peer closing an idle
  connection, stray bytes) removes it and stays unread, for the pool's check before reuse.
* trio: `trio.lowlevel.wait_readable` under a native cancel scope with the deadline (trio
  keeps its epoll registrations itself); `receive` tries the socket first, then waits.

A caller's cancellation passes through untouched; `sleep` is the loop's own too.
`notify_closing(sock)` wakes a task waiting on `sock` before it is closed (the wait raises
`anyio.ClosedResourceError`), as `anyio.notify_closing` does, and drops what the loop keeps
for it; outside its loop, `forget(sock)` drops that only. Every socket that `receive` has
seen must get one of the two before it is closed. Deadlines are on the loop's clock
(`_loops.loop_clock`).
"""

from __future__ import annotations

import math
import socket
import sys
from typing import Any, Protocol

import anyio

__all__ = ["RECEIVE_BYTES", "Waits", "waits_for"]

RECEIVE_BYTES = 65536
_NOT_READY = (BlockingIOError, InterruptedError)


class Waits(Protocol):
    async def readable(self, sock: socket.socket, deadline: float) -> bool: ...

    async def writable(self, sock: socket.socket, deadline: float) -> bool: ...

    async def receive(self, sock: socket.socket, deadline: float) -> bytes | None: ...

    def notify_closing(self, sock: socket.socket) -> None: ...

    def forget(self, sock: socket.socket) -> None: ...

    async def sleep(self, seconds: float) -> None: ...


def waits_for(loop: object) -> Waits:
    """The `Waits` of `loop` (from `_loops.current_loop()`: an asyncio loop or a trio token)."""
    add_reader = getattr(type(loop), "add_reader", None)
    if add_reader is None:  # a trio token
        return _TrioWaits()
    base = sys.modules["asyncio"].BaseEventLoop.add_reader  # what a loop without readers inherits
    if add_reader is base:
        return _AnyioWaits()
    return _AsyncioWaits(loop)


def _wake(future: Any, result: bool | None) -> None:
    if not future.done():
        future.set_result(result)


async def _receive_by_trying(waits: Waits, sock: socket.socket, deadline: float) -> bytes | None:
    """`receive` the plain way: try the socket, wait when it has nothing (TLS may want to write)."""
    while True:
        try:
            return sock.recv(RECEIVE_BYTES)
        except _NOT_READY:
            ready = await waits.readable(sock, deadline)
        except OSError as exc:
            ssl = sys.modules.get("ssl")  # an SSLSocket: ssl is imported
            if ssl is None or not isinstance(exc, ssl.SSLWantReadError | ssl.SSLWantWriteError):
                raise
            wait = waits.readable if isinstance(exc, ssl.SSLWantReadError) else waits.writable
            ready = await wait(sock, deadline)
        if not ready:
            return None


class _AsyncioWaits:
    """One wait per socket at a time for reading and one for writing, as anyio allows."""

    __slots__ = ("_loop", "_reading", "_receiving", "_writing", "sleep")

    def __init__(self, loop: Any) -> None:
        self._loop = loop
        self.sleep = sys.modules["asyncio"].sleep
        # The wait that owns each registration: whoever removes the entry removes the
        # callback, exactly once (a closed socket's number may already belong to another).
        self._reading: dict[int, Any] = {}
        self._writing: dict[int, Any] = {}
        # Plain sockets whose reader stays between receives: (the waiting future or None, socket).
        self._receiving: dict[int, tuple[Any, socket.socket]] = {}

    async def receive(self, sock: socket.socket, deadline: float) -> bytes | None:
        if type(sock) is not socket.socket:  # TLS: its records may hold bytes the socket does not show
            return await _receive_by_trying(self, sock, deadline)
        loop, fd = self._loop, sock.fileno()
        entry = self._receiving.get(fd)
        if entry is None:
            loop.add_reader(fd, self._receive_ready, fd)
        elif entry[0] is not None and not entry[0].done():  # as anyio refuses a second waiter
            raise anyio.BusyResourceError("receiving from")
        future = loop.create_future()
        self._receiving[fd] = (future, sock)
        timer = loop.call_at(deadline, _wake, future, False) if deadline < math.inf else None
        try:
            data: bytes | bool | None = await future
        finally:
            if timer is not None:
                timer.cancel()
            entry = self._receiving.get(fd)
            if entry is not None and entry[0] is future:
                self._receiving[fd] = (None, sock)  # still watched, nobody waiting
        if data is None:
            raise anyio.ClosedResourceError
        return None if data is False else data  # type: ignore[return-value]

    def _receive_ready(self, fd: int) -> None:
        future, sock = self._receiving[fd]
        if future is None or future.done():  # nobody to read for: stop watching, leave it unread
            self._drop_receiving(fd)
            return
        try:
            data = sock.recv(RECEIVE_BYTES)
        except _NOT_READY:
            return
        except OSError as exc:
            future.set_exception(exc)
            self._drop_receiving(fd)
            return
        future.set_result(data)
        if not data:  # the end: it would be reported again and again
            self._drop_receiving(fd)

    def _drop_receiving(self, fd: int) -> Any:
        """Stop watching `fd` for receives; the future that was waiting, if any."""
        entry = self._receiving.pop(fd, None)
        if entry is None:
            return None
        self._loop.remove_reader(fd)
        return entry[0]

    def forget(self, sock: socket.socket) -> None:
        self._drop_receiving(sock.fileno())

    async def readable(self, sock: socket.socket, deadline: float) -> bool:
        fd = sock.fileno()
        self._drop_receiving(fd)  # one reader per socket: this wait's
        return await self._wait(fd, deadline, self._reading, self._loop.add_reader, self._loop.remove_reader)

    async def writable(self, sock: socket.socket, deadline: float) -> bool:
        return await self._wait(sock.fileno(), deadline, self._writing, self._loop.add_writer,
                                self._loop.remove_writer)

    def notify_closing(self, sock: socket.socket) -> None:
        fd = sock.fileno()
        future = self._drop_receiving(fd)
        if future is not None:
            _wake(future, None)
        for waiting, remove in ((self._reading, self._loop.remove_reader), (self._writing, self._loop.remove_writer)):
            future = waiting.pop(fd, None)
            if future is not None:
                remove(fd)
                _wake(future, None)

    async def _wait(self, fd: int, deadline: float, waiting: dict[int, Any], add: Any, remove: Any) -> bool:
        loop = self._loop
        future = loop.create_future()
        add(fd, self._ready, fd, waiting, remove)
        waiting[fd] = future
        timer = loop.call_at(deadline, _wake, future, False) if deadline < math.inf else None
        try:
            ready: bool | None = await future
        finally:
            if timer is not None:
                timer.cancel()
            if waiting.get(fd) is future:  # timed out or cancelled: still registered
                del waiting[fd]
                remove(fd)
        if ready is None:
            raise anyio.ClosedResourceError
        return ready

    @staticmethod
    def _ready(fd: int, waiting: dict[int, Any], remove: Any) -> None:
        future = waiting.pop(fd)
        remove(fd)
        _wake(future, True)


class _TrioWaits:
    __slots__ = ("_closed", "_notify", "_scope", "_wait_readable", "_wait_writable", "sleep")

    def __init__(self) -> None:
        trio = sys.modules["trio"]  # a trio loop is running, so trio is imported
        self.sleep = trio.sleep
        self._scope = trio.CancelScope
        self._wait_readable = trio.lowlevel.wait_readable
        self._wait_writable = trio.lowlevel.wait_writable
        self._notify = trio.lowlevel.notify_closing
        self._closed = trio.ClosedResourceError

    async def readable(self, sock: socket.socket, deadline: float) -> bool:
        return await self._wait(self._wait_readable, sock, deadline)

    async def writable(self, sock: socket.socket, deadline: float) -> bool:
        return await self._wait(self._wait_writable, sock, deadline)

    async def receive(self, sock: socket.socket, deadline: float) -> bytes | None:
        return await _receive_by_trying(self, sock, deadline)

    def notify_closing(self, sock: socket.socket) -> None:
        self._notify(sock)

    def forget(self, sock: socket.socket) -> None:
        pass  # trio keeps nothing for a socket nobody waits on

    async def _wait(self, wait: Any, sock: socket.socket, deadline: float) -> bool:
        try:
            if deadline == math.inf:
                await wait(sock)
                return True
            with self._scope(deadline=deadline) as scope:
                await wait(sock)
        except self._closed:
            raise anyio.ClosedResourceError from None
        return not scope.cancelled_caught


class _AnyioWaits:
    """Through anyio: for an asyncio loop that cannot watch sockets itself."""

    __slots__ = ()

    async def readable(self, sock: socket.socket, deadline: float) -> bool:
        with anyio.CancelScope(deadline=deadline) as scope:
            await anyio.wait_readable(sock)
        return not scope.cancelled_caught

    async def writable(self, sock: socket.socket, deadline: float) -> bool:
        with anyio.CancelScope(deadline=deadline) as scope:
            await anyio.wait_writable(sock)
        return not scope.cancelled_caught

    async def receive(self, sock: socket.socket, deadline: float) -> bytes | None:
        return await _receive_by_trying(self, sock, deadline)

    def notify_closing(self, sock: socket.socket) -> None:
        anyio.notify_closing(sock)

    def forget(self, sock: socket.socket) -> None:
        pass

    async def sleep(self, seconds: float) -> None:
        await anyio.sleep(seconds)
