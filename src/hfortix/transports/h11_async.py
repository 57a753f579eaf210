"""hfortix's own async transport: HTTP/1.1 on h11 over anyio, natively under asyncio and trio.

The HTTP side is `_http11` and the pool's bookkeeping `_pool`, shared with the blocking
backend; this module only moves bytes, keeps time and survives cancellation. Sockets are
plain non-blocking sockets (TLS: a non-blocking `ssl.SSLSocket`) that the loop waits on
natively, each wait given its deadline (`_waits`: no cancel scope per exchange), so
closing one needs no event loop: a client may outlive its loop, and a cancel at any await
(pool wait, connect, TLS handshake, send, receive) closes the connection it interrupted at
once, freeing its slot. Nothing half-used ever goes back to the pool.
"""

from __future__ import annotations

import contextlib
import socket
from errno import EINPROGRESS
from time import monotonic
from typing import Any, Unpack

import anyio
import anyio.lowlevel
import h11

from hfortix.core import Request, Response

from ._attempt import Attempt
from ._errors import closed_error
from ._h11_common import H11Base, H11Options
from ._http11 import HTTP11Connection, Limits, Origin, ProtocolFailure, origin_of
from ._loops import current_loop, loop_clock
from ._pool import NEW, Pool, Waiter
from ._waits import Waits, waits_for
from .base import AsyncClosing
from .h11_sync import readable

__all__ = ["AsyncH11Transport"]

_NOT_READY = (BlockingIOError, InterruptedError)


class _Connection:
    __slots__ = ("http", "idle_since", "origin", "sock", "waits", "want_read", "want_write")

    def __init__(self, origin: Origin, sock: socket.socket, limits: Limits, waits: Waits) -> None:
        self.origin = origin
        self.sock = sock
        self.waits = waits
        self.http = HTTP11Connection(limits)
        self.idle_since = 0.0
        self.want_read: tuple[type[BaseException], ...] = _NOT_READY
        self.want_write: tuple[type[BaseException], ...] = _NOT_READY

    def close(self, *, in_loop: bool = True) -> None:
        if self.sock.fileno() < 0:
            return
        with contextlib.suppress(Exception):
            if in_loop:  # wake any task waiting on it (aclose() while a request is in flight)
                self.waits.notify_closing(self.sock)
            else:  # nobody waits, but the loop may still watch it between answers
                self.waits.forget(self.sock)
        self.sock.close()


class _LoopState:
    """What belongs to one event loop: the pool and the connections it waits on."""

    __slots__ = ("busy", "clock", "loop", "pool", "waits")

    def __init__(self, loop: object, pool: Pool[_Connection]) -> None:
        self.loop = loop
        self.clock = loop_clock(loop)  # what anyio.current_time() would say, without asking each time
        self.waits = waits_for(loop)
        self.pool = pool
        self.busy: set[_Connection] = set()

    def close(self, *, in_loop: bool) -> None:
        _close_all(self.pool.take_all_idle(), in_loop=False)  # idle: no task waits on them to be woken
        busy, self.busy = list(self.busy), set()
        _close_all(busy, in_loop=in_loop)


class AsyncH11Transport(H11Base, AsyncClosing):
    """Send requests over pooled HTTP/1.1 keep-alive connections from asyncio or trio.

    Options and behaviour are those of `H11Transport`. It may be built outside any loop and
    used from one loop after another (each `asyncio.run()` of a notebook, say): a call from
    a new loop closes the last loop's connections and starts a new pool. Cancelling a `send`
    (task cancel, cancel scope, `anyio.fail_after`, `asyncio.wait_for`) propagates untouched
    and leaves the transport fully usable.
    """

    def __init__(self, **options: Unpack[H11Options]) -> None:
        super().__init__(**options)
        self._state: _LoopState | None = None

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        loop = current_loop()
        state = self._state
        if state is None or state.loop is not loop:
            state = self._bind(loop)
        attempt = Attempt(request, self._timeouts, state.clock())
        try:
            origin, target = origin_of(request.url)
        except ValueError as exc:
            raise attempt.unsendable(exc) from None
        connection = await self._checkout(state, origin, attempt)
        state.busy.add(connection)
        try:
            response = await self._exchange(connection, request, target, attempt, state)
        except BaseException:  # cancelled or failed part way: this connection is done for
            self._finish(state, connection, keep=False)
            raise
        self._finish(state, connection, keep=connection.http.start_next_cycle())
        return response

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        state, self._state = self._state, None
        if state is not None:
            state.close(in_loop=state.loop is current_loop())
        await anyio.lowlevel.checkpoint()

    def _bind(self, loop: object) -> _LoopState:
        """A new pool for the running loop; the last loop's sockets are closed (no loop needed)."""
        if self._state is not None:
            self._state.close(in_loop=False)
        self._state = _LoopState(loop, Pool(*self._pool_options))
        return self._state

    # -- the pool ------------------------------------------------------------------------

    async def _checkout(self, state: _LoopState, origin: Origin, attempt: Attempt) -> _Connection:
        closing: list[_Connection] = []
        grant: Any = state.pool.checkout(origin, monotonic(), closing)
        _close_all(closing)
        if grant is None:
            grant = await self._wait(state, origin, attempt)
        if grant is not NEW and readable(grant.sock.fileno()):
            grant.close()  # the server closed it while it was idle; its slot is ours
            grant = NEW
        if grant is not NEW:
            return grant  # type: ignore[no-any-return]
        try:
            return await self._connect(origin, attempt, state)
        except BaseException:
            self._release(state, None)
            raise

    async def _wait(self, state: _LoopState, origin: Origin, attempt: Attempt) -> Any:
        woken = anyio.Event()
        waiter: Waiter[_Connection] = Waiter(origin, woken.set)
        state.pool.wait(waiter)
        try:
            with anyio.move_on_after(self._timeouts.pool):
                await woken.wait()
        except BaseException:  # cancelled, even just after being served: pass it on
            self._abandon(state, waiter)
            raise
        grant = waiter.granted
        if grant is None or self._closed:
            self._abandon(state, waiter)
            if self._closed:
                raise closed_error(attempt.request)
            raise attempt.pool_timeout()
        return grant

    def _abandon(self, state: _LoopState, waiter: Waiter[_Connection]) -> None:
        closing: list[_Connection] = []
        state.pool.abandon(waiter, monotonic(), closing)
        _close_all(closing)

    def _finish(self, state: _LoopState, connection: _Connection, *, keep: bool) -> None:
        state.busy.discard(connection)
        if keep and not self._closed and self._state is state:
            self._release(state, connection)
        else:
            connection.close()
            self._release(state, None)

    def _release(self, state: _LoopState, connection: _Connection | None) -> None:
        closing: list[_Connection] = []
        state.pool.release(connection, monotonic(), closing)
        _close_all(closing)

    # -- the wire ------------------------------------------------------------------------

    async def _connect(self, origin: Origin, attempt: Attempt, state: _LoopState) -> _Connection:
        # The waits take the deadline themselves (`_waits`): no cancel scope per connection.
        deadline = attempt.deadline("connect", state.clock())
        connection: _Connection | None = None
        try:
            sock = await _open_socket(origin, state.waits, deadline)
            if sock is None:
                raise attempt.timeout("connect")
            connection = _Connection(origin, sock, self._limits, state.waits)
            if origin.tls and not await _handshake(connection, self._tls.context(), deadline):
                raise attempt.timeout("tls")
            return connection
        except BaseException as exc:
            if connection is not None:
                connection.close()
            if isinstance(exc, OSError | anyio.ClosedResourceError):
                raise attempt.failure(exc) from exc
            raise

    async def _exchange(self, connection: _Connection, request: Request, target: str, attempt: Attempt,
                        state: _LoopState) -> Response:
        http = connection.http
        try:
            data = http.send_request(request, target, connection.origin.host_header)
        except h11.LocalProtocolError as exc:
            raise attempt.unsendable(exc) from None
        sock, waits = connection.sock, connection.waits
        try:
            attempt.sent = True  # from here on the peer may have seen some of it
            # A request fits the socket's buffer at once nearly always: then the write phase
            # never waits and needs no deadline of its own (one timer fewer per request).
            rest = _send_now(connection, data)
            if rest and not await _send_all(connection, rest, attempt.deadline("write", state.clock())):
                raise attempt.timeout("write")
            deadline = attempt.deadline("read", state.clock())
            while True:
                chunk = await waits.receive(sock, deadline)
                if chunk is None:
                    raise attempt.timeout("read")
                response = http.receive_data(chunk)
                if response is not None:
                    return response
        except (OSError, anyio.ClosedResourceError) as exc:
            raise attempt.failure(exc) from exc
        except ProtocolFailure as exc:
            raise attempt.failure(exc) from None


async def _open_socket(origin: Origin, waits: Waits, deadline: float) -> socket.socket | None:
    """A connected non-blocking TCP socket (None: the deadline passed); a name is resolved
    off the loop, an address is not."""
    addresses: list[Any]
    try:
        addresses = socket.getaddrinfo(origin.host, origin.port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        with anyio.CancelScope(deadline=deadline) as scope:
            addresses = await anyio.getaddrinfo(origin.host, origin.port, type=socket.SOCK_STREAM)
        if scope.cancelled_caught:
            return None
    failure: OSError | None = None
    for family, kind, proto, _, address in addresses:
        sock = socket.socket(family, kind, proto)
        try:
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            error = sock.connect_ex(address)
            if error == EINPROGRESS:
                if not await waits.writable(sock, deadline):
                    sock.close()
                    return None
                error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, f"connect to {address[0]!s} port {address[1]!s} failed: {_strerror(error)}")
            return sock
        except OSError as exc:
            sock.close()
            failure = exc
        except BaseException:
            sock.close()
            raise
    raise failure or OSError(f"no address for {origin.host}")


async def _handshake(connection: _Connection, context: Any, deadline: float) -> bool:
    """The TLS handshake; False if `deadline` passed first."""
    import ssl  # only for https

    connection.sock = context.wrap_socket(connection.sock, server_hostname=connection.origin.host,
                                          do_handshake_on_connect=False)
    connection.want_read = (ssl.SSLWantReadError, *_NOT_READY)
    connection.want_write = (ssl.SSLWantWriteError, *_NOT_READY)
    sock, waits = connection.sock, connection.waits
    while True:
        try:
            sock.do_handshake()  # type: ignore[attr-defined]
            return True
        except ssl.SSLWantReadError:
            ready = await waits.readable(sock, deadline)
        except ssl.SSLWantWriteError:
            ready = await waits.writable(sock, deadline)
        if not ready:
            return False


def _send_now(connection: _Connection, data: bytes) -> memoryview:
    """Whatever of `data` the socket does not take at once, without waiting (empty: all sent)."""
    view = memoryview(data)
    try:
        return view[connection.sock.send(view):]
    except connection.want_write + connection.want_read:  # full, or TLS must read first: wait for it
        return view


async def _send_all(connection: _Connection, data: bytes | memoryview, deadline: float) -> bool:
    """Send all of `data`; False if `deadline` passed first."""
    sock, want_write, want_read, waits = connection.sock, connection.want_write, connection.want_read, connection.waits
    view = memoryview(data)
    while view:
        try:
            view = view[sock.send(view):]
            continue
        except want_write:
            ready = await waits.writable(sock, deadline)
        except want_read:  # TLS may need to read before it can write
            ready = await waits.readable(sock, deadline)
        if not ready:
            return False
    return True


def _strerror(error: int) -> str:
    import os

    return os.strerror(error)


def _close_all(connections: list[_Connection], *, in_loop: bool = True) -> None:
    for connection in connections:
        connection.close(in_loop=in_loop)
