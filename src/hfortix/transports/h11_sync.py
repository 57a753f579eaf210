"""hfortix's own blocking transport: HTTP/1.1 on h11 over plain sockets, pooled, thread-safe.

The HTTP side is `_http11` and the pool's bookkeeping `_pool`, shared with the async
backend; this module only moves bytes and keeps time. It imports neither httpx nor anyio.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
from time import monotonic
from typing import Any, Unpack

import h11

from hfortix.core import Request, Response

from ._attempt import Attempt
from ._errors import closed_error
from ._h11_common import H11Base, H11Options
from ._http11 import HTTP11Connection, Limits, Origin, ProtocolFailure, origin_of
from ._pool import NEW, Pool, Waiter
from .base import Closing

__all__ = ["H11Transport", "readable"]

RECEIVE_BYTES = 65536


def readable(fileno: int) -> bool:
    """Whether an idle connection has something to read: EOF, a close_notify or garbage.

    An idle HTTP/1.1 connection has nothing to say, so anything there means the server has
    closed it (or broken it): never send a request into that.
    """
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(poller.poll(0))


class _Connection:
    __slots__ = ("http", "idle_since", "origin", "sock")

    def __init__(self, origin: Origin, sock: socket.socket, limits: Limits) -> None:
        self.origin = origin
        self.sock = sock
        self.http = HTTP11Connection(limits)
        self.idle_since = 0.0

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


class H11Transport(H11Base, Closing):
    """Send requests over pooled HTTP/1.1 keep-alive connections, blocking; thread-safe.

    `verify`: True (system CAs), a CA bundle path, False (no verification; warns once) or an
    `ssl.SSLContext`. `timeout`: seconds for every phase, or a `Timeouts` (each phase is a
    deadline); a request's own `timeout` is one deadline for its whole attempt.
    `max_connections`: open at once; `max_keepalive_connections`: kept idle for reuse (default:
    max_connections), for `keepalive_expiry` seconds. `max_response_bytes`/`max_header_bytes`
    cap an answer's body and head (ResponseTooLargeError).

    Redirects are returned, not followed; no cookies are kept; headers go out as given (plus
    Host, User-Agent and Content-Length when absent); the body comes back as sent (never
    decompressed). Failures raise ConnectionError or TimeoutError whose `request_sent` says
    whether any byte left; once closed, every send raises TransportClosedError.
    """

    def __init__(self, **options: Unpack[H11Options]) -> None:
        super().__init__(**options)
        self._pool: Pool[_Connection] = Pool(*self._pool_options)
        self._lock = threading.Lock()
        self._busy: set[_Connection] = set()

    def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        attempt = Attempt(request, self._timeouts, monotonic())
        try:
            origin, target = origin_of(request.url)
        except ValueError as exc:
            raise attempt.unsendable(exc) from None
        connection = self._checkout(origin, attempt)
        self._busy.add(connection)
        try:
            response = self._exchange(connection, request, target, attempt)
        except BaseException:
            self._finish(connection, keep=False)  # part way through: never back in the pool
            raise
        self._finish(connection, keep=connection.http.start_next_cycle())
        return response

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            connections = self._pool.take_all_idle() + list(self._busy)
        for connection in connections:
            if connection in self._busy:  # another thread is in recv(): wake it up first
                with contextlib.suppress(OSError):
                    connection.sock.shutdown(socket.SHUT_RDWR)
            connection.close()

    # -- the pool ------------------------------------------------------------------------

    def _checkout(self, origin: Origin, attempt: Attempt) -> _Connection:
        closing: list[_Connection] = []
        with self._lock:
            grant = self._pool.checkout(origin, monotonic(), closing)
            if grant is None:
                woken = threading.Event()
                waiter: Waiter[_Connection] = Waiter(origin, woken.set)
                self._pool.wait(waiter)
        _close_all(closing)
        if grant is None:
            grant = self._wait(waiter, woken, attempt)
        while grant is not NEW:
            assert isinstance(grant, _Connection)
            if not readable(grant.sock.fileno()):
                return grant
            grant.close()  # the server closed it while it was idle; its slot is ours
            grant = NEW
        try:
            return self._connect(origin, attempt)
        except BaseException:
            self._release(None)
            raise

    def _wait(self, waiter: Waiter[_Connection], woken: threading.Event, attempt: Attempt) -> Any:
        try:
            woken.wait(self._timeouts.pool)
        except BaseException:  # KeyboardInterrupt, even just after being served: pass it on
            self._abandon(waiter)
            raise
        with self._lock:
            grant = waiter.granted
        if grant is None or self._closed:
            self._abandon(waiter)  # a grant that raced the timeout goes to the next in line
            if self._closed:
                raise closed_error(attempt.request)
            raise attempt.pool_timeout()
        return grant

    def _abandon(self, waiter: Waiter[_Connection]) -> None:
        closing: list[_Connection] = []
        with self._lock:
            self._pool.abandon(waiter, monotonic(), closing)
        _close_all(closing)

    def _finish(self, connection: _Connection, *, keep: bool) -> None:
        self._busy.discard(connection)
        if keep and not self._closed:
            self._release(connection)
        else:
            connection.close()
            self._release(None)

    def _release(self, connection: _Connection | None) -> None:
        closing: list[_Connection] = []
        with self._lock:
            self._pool.release(connection, monotonic(), closing)
        _close_all(closing)

    # -- the wire ------------------------------------------------------------------------

    def _connect(self, origin: Origin, attempt: Attempt) -> _Connection:
        started = monotonic()
        deadline = attempt.deadline("connect", started)
        phase = "connect"
        sock: socket.socket | None = None
        try:
            sock = socket.create_connection((origin.host, origin.port), timeout=_left(deadline, attempt, phase))
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if origin.tls:
                phase = "tls"
                context = self._tls.context()
                sock.settimeout(_left(deadline, attempt, phase))
                sock = context.wrap_socket(sock, server_hostname=origin.host)
        except BaseException as exc:
            if sock is not None:
                sock.close()
            if isinstance(exc, TimeoutError):
                raise attempt.timeout(phase) from None
            if isinstance(exc, OSError):
                raise attempt.failure(exc) from exc
            raise
        return _Connection(origin, sock, self._limits)

    def _exchange(self, connection: _Connection, request: Request, target: str, attempt: Attempt) -> Response:
        try:
            data = connection.http.send_request(request, target, connection.origin.host_header)
        except h11.LocalProtocolError as exc:
            raise attempt.unsendable(exc) from None
        sock = connection.sock
        phase = "write"
        try:
            sock.settimeout(_left(attempt.deadline(phase, monotonic()), attempt, phase))
            attempt.sent = True  # from here on the peer may have seen some of it
            sock.sendall(data)
            phase = "read"
            deadline = attempt.deadline(phase, monotonic())
            receive_data, recv = connection.http.receive_data, sock.recv
            while True:
                sock.settimeout(_left(deadline, attempt, phase))
                response = receive_data(recv(RECEIVE_BYTES))
                if response is not None:
                    return response
        except TimeoutError:
            raise attempt.timeout(phase) from None
        except OSError as exc:
            raise attempt.failure(exc) from exc
        except ProtocolFailure as exc:
            raise attempt.failure(exc) from None


def _left(deadline: float, attempt: Attempt, phase: str) -> float:
    left = deadline - monotonic()
    if left <= 0:
        raise attempt.timeout(phase)
    return left


def _close_all(connections: list[_Connection]) -> None:
    for connection in connections:
        connection.close()
