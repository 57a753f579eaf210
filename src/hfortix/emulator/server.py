"""The emulator's network server: HTTP/1.1 (h11) on sockets anyio waits on, HTTPS by default.

One task per connection, many connections, keep-alive, bodies read whole (up to a limit),
each connection's socket read and written directly (`hfortix.emulator.wire`),
and every request handed to the synchronous app (`EmulatorApp.handle`) as it arrives. Faults
(`hfortix.emulator.faults`) decide whether a request is answered, slowed, refused or broken.
Runs under asyncio or trio; `serve()` is the whole life of the server:

    server = EmulatorServer(app)
    async with anyio.create_task_group() as tg:
        await tg.start(server.serve)      # returns once it listens; server.url is set
        ...
        server.stop()                     # graceful: answer what is in flight, then close
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import math
import os
import socket
import ssl
import struct
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from http import HTTPStatus
from typing import Any, cast

import anyio
import anyio.abc
import h11

from hfortix.emulator.faults import FaultInjector, Faults, Identity, error_reply, fault_reply
from hfortix.emulator.simple_requests import SimpleRequest, head_bytes, simple_request
from hfortix.emulator.tls import ServerCertificate, check_name, names_for
from hfortix.emulator.wire import Wire
from hfortix.transports._loops import current_loop, loop_clock
from hfortix.transports._waits import Waits, waits_for
from hfortix.transports.memory import AppReply, InMemoryApp

__all__ = ["App", "AppReply", "EmulatorServer", "ServerStats", "identity_of"]

logger = logging.getLogger("hfortix.emulator")

DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
# Limits that keep clients which connect and then say nothing (or too little) from holding
# the emulator's connections forever; generous enough for benchmarks with hundreds of
# keep-alive clients, and configurable.
DEFAULT_MAX_CONNECTIONS = 1024
DEFAULT_HEADER_TIMEOUT = 10.0  # a fresh connection's first request head, or any head once begun
DEFAULT_IDLE_TIMEOUT = 120.0  # a keep-alive connection between requests; each wait for body data
MAX_HEAD_BYTES = 64 * 1024  # request line + headers; long filter= queries need more than h11's 16 KiB
TLS_HANDSHAKE_SECONDS = 10.0
# After our last byte we half-close and read until the client closes too: closing a socket
# with unread input makes the kernel send RST, which can destroy the answer in flight.
LINGER_SECONDS = 2.0
# A reset or truncated answer sends at most this much body first: small enough to leave our
# buffers at once, so the client really receives it before the RST or FIN.
PARTIAL_BODY_BYTES = 16 * 1024


# The app interface is the one the in-memory transports call, so one app serves both.
App = InMemoryApp


class ServerStats:
    """What the server has seen, for tests: counts, concurrency and a bounded request log.

    Updated only by the server's event loop; safe to read from any thread. `max_in_flight` is
    the most requests seen between "request head received" and "answer sent" at one moment,
    so a client's `max_concurrency` shows here (give the emulator some latency to make
    overlap visible).
    """

    def __init__(self, log_size: int = 1000) -> None:
        if isinstance(log_size, bool) or not isinstance(log_size, int) or log_size < 0:
            raise ValueError(f"log_size must be a non-negative integer, got {log_size!r}")
        self.requests_total = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections_total = 0
        self.connections_open = 0
        self.connections_refused = 0  # closed at once: max_connections were open
        self.connections_timed_out = 0  # closed by header_timeout or idle_timeout
        self.statuses: Counter[int] = Counter()
        self.received: deque[tuple[str, str]] = deque(maxlen=log_size)

    def reset(self) -> None:
        """Start counting afresh (what is in flight or open now stays counted as such)."""
        self.requests_total = 0
        self.max_in_flight = self.in_flight
        self.connections_total = self.connections_open
        self.connections_refused = self.connections_timed_out = 0
        self.statuses.clear()
        self.received.clear()

    def request_started(self, method: str, target: str) -> None:
        self.requests_total += 1
        self.in_flight += 1
        if self.in_flight > self.max_in_flight:
            self.max_in_flight = self.in_flight
        self.received.append((method, target))

    def request_finished(self) -> None:
        self.in_flight -= 1

    def __repr__(self) -> str:
        return (
            f"ServerStats(requests_total={self.requests_total}, in_flight={self.in_flight}, "
            f"max_in_flight={self.max_in_flight}, connections_total={self.connections_total}, "
            f"connections_open={self.connections_open}, connections_refused={self.connections_refused}, "
            f"connections_timed_out={self.connections_timed_out}, statuses={dict(self.statuses)})"
        )


def identity_of(app: object) -> Identity:
    """Serial, version, build and management VDOM for envelopes the server writes itself."""
    firmware = getattr(app, "firmware", "7.6.5")  # a version string, or an object with .version and .build
    version = str(getattr(firmware, "version", firmware))
    build = getattr(firmware, "build", getattr(app, "build", 0))
    vdoms = getattr(app, "vdoms", None) or ("root",)
    return Identity(
        serial=str(getattr(app, "serial", Identity.serial)),
        version=version if version.startswith("v") else f"v{version}",
        build=build if isinstance(build, int) else 0,
        vdom=str(getattr(app, "management_vdom", None) or next(iter(vdoms))),
    )


class _Close(Enum):
    PLAIN = "plain"  # nothing left to deliver: just close
    GRACEFUL = "graceful"  # an answer was sent: half-close, let the client read it, then close
    RESET = "reset"  # abort with RST (a fault)


class _Finished(Exception):
    """The connection is over (peer gone, protocol error answered, or shut down while idle)."""


@dataclass(frozen=True)
class _Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


_REASONS = {status.value: status.phrase.encode() for status in HTTPStatus}
_FRAMING_HEADERS = {"content-length", "transfer-encoding"}
# Response heads kept for reuse (see `EmulatorServer._response_head`); past this many
# different heads (Set-Cookie values, say) the store starts afresh.
_RESPONSE_HEADS = 256
_NO_BODY_STATUSES = (204, 304)  # h11 refuses body bytes after these
_NOTHING = (b"", False)  # h11's trailing_data with nothing buffered and the peer not gone


class EmulatorServer:
    """Serves `app` over HTTP/1.1 on `host:port` (port 0: an ephemeral port, see `port`).

    * `tls`: True (default) makes a CA and a server certificate at start (`ca_path` names
      the CA PEM file, removed at shutdown); False serves plain HTTP; an `ssl.SSLContext`
      serves your own certificate.
    * `cert_names`: extra host names or addresses the generated certificate is valid for
      (loopback names and the bound address are always included).
    * `faults`: a `FaultInjector` (scriptable, shared across restarts) or a `Faults` config.
    * `max_body_bytes`: a larger request body is answered 413 and the connection closed.
    * `grace_seconds`: how long `stop()` waits for requests in flight before cutting them off.
    * `max_connections`: connections beyond this many open ones are closed at once.
    * `header_timeout`: seconds a new connection has to send its first request head, and any
      request head has to arrive in once it has begun; `idle_timeout`: seconds a keep-alive
      connection may wait for its next request (and a body for its next bytes). Past either,
      the connection is closed.
    * `state_dir`: a folder that keeps the generated CA (`ca.pem`, `ca-key.pem`) across
      restarts, so a client built with the first `ca_path` still trusts the next server.
    """

    def __init__(
        self,
        app: App,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: bool | ssl.SSLContext = True,
        cert_names: Sequence[str] = (),
        faults: FaultInjector | Faults | None = None,
        stats: ServerStats | None = None,
        identity: Identity | None = None,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        grace_seconds: float = 5.0,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        header_timeout: float = DEFAULT_HEADER_TIMEOUT,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
        state_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        if not callable(getattr(app, "handle", None)):
            raise TypeError(f"app must have a handle(method, target, headers, body) method, got {app!r}")
        if not isinstance(host, str) or not host:
            raise ValueError(f"host must be an address or host name to bind, got {host!r}")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an integer from 0 to 65535 (0: any free port), got {port!r}")
        if not isinstance(tls, bool | ssl.SSLContext):
            raise TypeError(f"tls must be True, False or an ssl.SSLContext, got {tls!r}")
        if isinstance(max_body_bytes, bool) or not isinstance(max_body_bytes, int) or max_body_bytes < 0:
            raise ValueError(f"max_body_bytes must be a non-negative integer, got {max_body_bytes!r}")
        for name, seconds in (
            ("grace_seconds", grace_seconds), ("header_timeout", header_timeout), ("idle_timeout", idle_timeout)
        ):
            if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not seconds >= 0:
                raise ValueError(f"{name} must be a non-negative number of seconds, got {seconds!r}")
        if isinstance(max_connections, bool) or not isinstance(max_connections, int) or max_connections < 1:
            raise ValueError(f"max_connections must be a positive integer, got {max_connections!r}")
        if faults is None:
            faults = FaultInjector()
        elif isinstance(faults, Faults):
            faults = FaultInjector(faults)
        elif not isinstance(faults, FaultInjector):
            raise TypeError(f"faults must be a Faults, a FaultInjector or None, got {faults!r}")
        self.app = app
        if hasattr(app, "https"):  # the app marks session cookies Secure only over HTTPS
            cast(Any, app).https = tls is not False
        self.bind_host = host.strip("[]")
        self.requested_port = port
        self.tls = tls
        self.cert_names = tuple(cert_names)
        for name in self.cert_names:  # fail now, not at start, on a name a certificate cannot hold
            check_name(name)
        self.faults = faults
        self.stats = stats if stats is not None else ServerStats()
        self.identity = identity if identity is not None else identity_of(app)
        self.max_body_bytes = max_body_bytes
        self.grace_seconds = float(grace_seconds)
        self.max_connections = max_connections
        self.header_timeout = float(header_timeout)
        self.idle_timeout = float(idle_timeout)
        self.state_dir = None if state_dir is None else os.fspath(state_dir)
        self.port: int | None = None
        self.ca_path: str | None = None
        self._ssl_context: ssl.SSLContext | None = None
        self._connections: set[_Connection] = set()
        self._response_heads: dict[tuple[int, tuple[tuple[str, str], ...]], tuple[h11.Response, bytes]] = {}
        self._open = 0  # connections accepted and not yet closed
        self._stop_requested = False
        self._stop_event: anyio.Event | None = None
        self._drained: anyio.Event | None = None
        self._started = False
        self._clock: Callable[[], float] = time.monotonic  # serve() puts its loop's clock here
        self._waits: Waits | None = None  # and its socket waits (`transports._waits`)

    def _response_head(self, status: int, headers: list[tuple[str, str]]) -> tuple[h11.Response, bytes]:
        """The h11 event of a response head, and the bytes h11 writes for it (the short way's).

        h11 checks every header of an event it is made with, a good part of what answering a
        poll costs; answers repeat (a status poll has the same head each time, its length
        included), and events are immutable, so one checked event serves every connection
        that sends that head again. Raises h11.LocalProtocolError for a head h11 refuses."""
        key = (status, tuple(headers))
        head = self._response_heads.get(key)
        if head is None:
            if len(self._response_heads) >= _RESPONSE_HEADS:
                self._response_heads.clear()
            event = h11.Response(status_code=status, headers=headers, reason=_REASONS.get(status, b""))
            head = self._response_heads[key] = (event, head_bytes(event))
        return head

    # -- addresses -------------------------------------------------------------------------

    @property
    def scheme(self) -> str:
        return "https" if self.tls is not False else "http"

    @property
    def host(self) -> str:
        """``host:port`` a client on this machine can connect to (e.g. ``127.0.0.1:8443``)."""
        if self.port is None:
            raise RuntimeError("the server is not listening yet")
        return f"{_connect_host(self.bind_host)}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}"

    # -- life cycle ------------------------------------------------------------------------

    async def serve(
        self, *, task_status: anyio.abc.TaskStatus[EmulatorServer] = anyio.TASK_STATUS_IGNORED
    ) -> None:
        """Listen, report `started(self)`, and serve until `stop()` (or cancellation)."""
        if self._started:
            raise RuntimeError("an EmulatorServer serves once; make a new one to serve again")
        self._started = True
        loop = current_loop()
        self._clock = loop_clock(loop)  # anyio.current_time() without asking which loop each time
        self._waits = waits_for(loop)
        self._stop_event = anyio.Event()
        self._drained = anyio.Event()
        async with contextlib.AsyncExitStack() as cleanup:
            if self.tls is True:
                certificate = ServerCertificate(names_for(self.bind_host, self.cert_names), ca_dir=self.state_dir)
                cleanup.callback(certificate.close)
                self._ssl_context, self.ca_path = certificate.ssl_context, certificate.ca_path
            elif isinstance(self.tls, ssl.SSLContext):
                self._ssl_context = self.tls
            listener = await anyio.create_tcp_listener(
                local_host=self.bind_host, local_port=self.requested_port
            )
            cleanup.push_async_callback(listener.aclose)
            self.port = listener.listeners[0].extra(anyio.abc.SocketAttribute.local_port)
            try:
                await self._serve(listener, task_status)
            finally:
                self.ca_path = None

    def stop(self) -> None:
        """Shut down gracefully: stop accepting, answer requests in flight (for up to
        `grace_seconds`), close idle connections. Call it on the server's event loop thread."""
        self._stop_requested = True
        if self._stop_event is not None:
            self._stop_event.set()

    async def _serve(self, listener: anyio.abc.Listener[Any], task_status: anyio.abc.TaskStatus[Any]) -> None:
        assert self._stop_event is not None and self._drained is not None
        async with anyio.create_task_group() as connections:
            async with anyio.create_task_group() as acceptors:
                for one in listener.listeners:  # type: ignore[attr-defined]  # a MultiListener
                    acceptors.start_soon(self._accept, one, connections)
                logger.info("emulator listening on %s", self.url)
                task_status.started(self)
                if not self._stop_requested:
                    await self._stop_event.wait()
                acceptors.cancel_scope.cancel()
            await listener.aclose()  # refuse new connections from now on
            for connection in list(self._connections):
                connection.close_when_idle()
            if self._connections:
                with anyio.move_on_after(self.grace_seconds):
                    await self._drained.wait()
            connections.cancel_scope.cancel()
        logger.info("emulator on %s stopped", self.url)

    async def _accept(self, listener: anyio.abc.SocketListener, connections: anyio.abc.TaskGroup) -> None:
        # anyio made and bound the listening socket (non-blocking); accepting on it directly
        # hands each connection over as a plain socket, which `Wire` reads without a stream.
        raw_listener = listener.extra(anyio.abc.SocketAttribute.raw_socket)
        waits = self._waits
        assert waits is not None
        while True:
            try:
                sock, _ = raw_listener.accept()
            except (BlockingIOError, InterruptedError):
                await waits.readable(raw_listener, math.inf)
                continue
            except OSError as exc:  # EMFILE and the like: back off instead of spinning or dying
                if raw_listener.fileno() < 0:
                    return
                logger.warning("emulator cannot accept a connection: %s", exc)
                await anyio.sleep(0.1)
                continue
            if self._open >= self.max_connections:
                self.stats.connections_refused += 1
                logger.warning("emulator: %d connections open, the limit: closing a new one", self.max_connections)
                sock.close()
                continue
            self._open += 1  # counted now: a burst of accepts runs before the connection tasks
            connections.start_soon(self._serve_connection, Wire(sock, waits))

    async def _serve_connection(self, wire: Wire) -> None:
        connection = _Connection(self, wire)
        self._connections.add(connection)
        self.stats.connections_total += 1
        self.stats.connections_open += 1
        try:
            if self._stop_requested:
                connection.close_when_idle()
            await connection.run()
        except Exception:  # one broken connection must never take the emulator down
            logger.exception("emulator: unexpected error on a connection")
        finally:
            self._open -= 1
            self.stats.connections_open -= 1
            self._connections.discard(connection)
            if self._stop_requested and not self._connections and self._drained is not None:
                self._drained.set()


class _Connection:
    """One client connection: read requests, answer them in order, close as the situation asks."""

    def __init__(self, server: EmulatorServer, wire: Wire) -> None:
        self.server = server
        self.wire = wire
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD_BYTES)
        self.close_mode = _Close.PLAIN
        self.closing = False
        # Shutdown may cut short the waits where nothing is owed to the client (for the next
        # request, for a handshake, in a stall): `_waiting` marks them, and shutdown cancels
        # this connection-wide scope only then. One scope per connection, not one per wait
        # (this is the hot path of every keep-alive request); the header and idle deadlines
        # are the receive's own (`Wire.receive`).
        self._waiting = False
        self._scope = anyio.CancelScope()
        self.served = False  # a request has been answered on this connection
        # True while a request taken the short way (`simple_requests`) is answered: h11 never
        # saw it, so the answer's bytes are written without h11 (which stays idle).
        self._short = False
        self._must_close = False  # the short answer said "connection: close"
        self._head_started = 0.0

    def close_when_idle(self) -> None:
        """Shutdown: finish the request in flight, if any, then close; if idle, close now."""
        self.closing = True
        if self._waiting:
            self._scope.cancel()

    async def run(self) -> None:
        try:
            with self._scope:
                if self.server._ssl_context is not None and not await self._handshake(self.server._ssl_context):
                    return
                await self._serve_requests()
        except _Finished:
            pass
        except OSError:
            self.close_mode = _Close.PLAIN  # the client went away: nobody left to answer
        finally:
            await self._close()

    async def _handshake(self, context: ssl.SSLContext) -> bool:
        """Wrap the connection in TLS; False if the handshake fails, times out or meets shutdown."""
        if self.closing:
            return False
        self._waiting = True
        with anyio.move_on_after(TLS_HANDSHAKE_SECONDS) as deadline:
            try:
                await self.wire.start_tls(context)
                return True
            except (ssl.SSLError, OSError) as exc:
                # Probes, plain HTTP on the HTTPS port, clients that distrust our CA: not our problem.
                logger.debug("emulator: TLS handshake failed: %s", exc)
            finally:
                self._waiting = False
        if deadline.cancelled_caught:
            logger.debug("emulator: TLS handshake timed out")
        return False

    async def _serve_requests(self) -> None:
        while True:
            event = await self._next_event()
            if type(event) is SimpleRequest:
                if not await self._answer_short(event):
                    return
                if self._must_close:
                    self.close_mode = _Close.GRACEFUL
                    return
                continue
            if not isinstance(event, h11.Request):  # ConnectionClosed, or nothing sensible
                return
            if not await self._answer(event):
                return
            if self.h11.our_state is not h11.DONE or self.h11.their_state is not h11.DONE:
                self.close_mode = _Close.GRACEFUL  # h11 says this connection cannot be reused
                return
            self.h11.start_next_cycle()

    # -- reading -----------------------------------------------------------------------------

    async def _next_event(self) -> Any:
        connection = self.h11
        while True:
            # An idle h11 with nothing buffered has no event to give (h11 would say NEED_DATA):
            # that is every request of the short way, so h11 is not asked.
            idle = connection.their_state is h11.IDLE and connection.trailing_data == _NOTHING
            if not idle:
                try:
                    event = connection.next_event()
                except h11.RemoteProtocolError as exc:
                    await self._answer_protocol_error(exc)
                    raise _Finished from None
                if event is not h11.NEED_DATA:
                    return event
            server = self.server
            if idle:
                if self.closing:  # shutting down, and this connection owes nobody an answer
                    raise _Finished
                self._waiting = True
                try:  # a new connection owes its first request soon; a kept-alive one may idle
                    timeout = server.idle_timeout if self.served else server.header_timeout
                    data = await self._receive(self.server._clock() + timeout)
                finally:
                    self._waiting = False
                self._head_started = self.server._clock()
                short = simple_request(data, MAX_HEAD_BYTES, server.max_body_bytes)
                if short is not None:
                    return short
            elif connection.their_state is h11.IDLE:  # part of a request head is in: the rest, in time
                data = await self._receive(self._head_started + server.header_timeout)
            else:
                data = await self._receive(self.server._clock() + server.idle_timeout)
            connection.receive_data(data)

    async def _receive(self, deadline: float) -> bytes:
        """The next bytes; past `deadline` the connection is closed."""
        data = await self.wire.receive(deadline)
        if data is None:
            self.server.stats.connections_timed_out += 1
            raise _Finished
        return data

    async def _read_body(self, request: h11.Request) -> bytes | None:
        """The whole body, or None once a 413 has been sent for one that is too large."""
        limit = self.server.max_body_bytes
        declared = _content_length(request)
        if declared is not None and declared > limit:
            await self._refuse_body(request, declared)
            return None
        if self.h11.they_are_waiting_for_100_continue:
            go_ahead = h11.InformationalResponse(status_code=100, headers=[])
            await self.wire.send(self.h11.send(go_ahead) or b"")
        chunks: list[bytes] = []
        size = 0
        while True:
            event = await self._next_event()
            if isinstance(event, h11.Data):
                size += len(event.data)
                if size > limit:
                    await self._refuse_body(request, size)
                    return None
                chunks.append(event.data)
            elif isinstance(event, h11.EndOfMessage):
                return b"".join(chunks)
            else:  # ConnectionClosed mid-body
                raise _Finished

    async def _refuse_body(self, request: h11.Request, size: int) -> None:
        method = request.method.decode("ascii")
        target = request.target.decode("latin-1")
        logger.debug("emulator: %s %s: body of %d bytes over the %d-byte limit", method, target, size,
                     self.server.max_body_bytes)
        status, headers, body = error_reply(413, method, target, self.server.identity)
        headers.append(("connection", "close"))
        await self._send_reply(method, _Reply(status, headers, body))
        self.close_mode = _Close.GRACEFUL

    # -- answering ---------------------------------------------------------------------------

    async def _answer(self, request: h11.Request) -> bool:
        """Answer one request h11 read; False when the connection must close afterwards."""
        method = request.method.decode("ascii")
        target = request.target.decode("latin-1")
        stats = self.server.stats
        stats.request_started(method, target)
        try:
            body = await self._read_body(request)
            if body is None:
                return False
            # raw_items() is a plain list (iterating h11's Headers goes item by item through
            # __getitem__); names are ASCII tokens (h11 checked), so lower() gives h11's names.
            headers = [(name.decode("latin-1").lower(), value.decode("latin-1"))
                       for name, value in request.headers.raw_items()]
            return await self._respond(method, target, headers, body)
        finally:
            stats.request_finished()

    async def _answer_short(self, request: SimpleRequest) -> bool:
        """Answer a request taken the short way, h11 left idle; False when the connection must close."""
        stats = self.server.stats
        stats.request_started(request.method, request.target)
        self._short = True
        try:
            return await self._respond(request.method, request.target, request.headers, request.body)
        finally:
            self._short = False
            stats.request_finished()

    async def _respond(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> bool:
        server = self.server
        decision = server.faults.decide(method, target.partition("?")[0])
        if decision.delay:
            await self.wire.waits.sleep(decision.delay)
        kind = decision.kind
        if kind == "stall":
            await self._stall(decision.stall_seconds)
            return False
        if kind == "drop":
            self.close_mode = _Close.PLAIN
            return False
        if kind in ("500", "503", "429"):
            reply: AppReply = _Reply(*fault_reply(decision, method, target, server.identity))
        else:
            reply = self._call_app(method, target, headers, body)
        if kind in ("reset", "truncate"):
            await self._send_partial(method, reply)
            self.close_mode = _Close.RESET if kind == "reset" else _Close.GRACEFUL
            return False
        await self._send_reply(method, reply)
        self.served = True
        return True

    def _call_app(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> AppReply:
        try:
            return self.server.app.handle(method, target, headers, body)
        except Exception as exc:  # an emulator bug: answer 500 and say so, rather than hang up
            logger.exception("emulator: the app failed on %s %s", method, target)
            problem = {"cli_error": f"emulator internal error: {type(exc).__name__}: {exc}"}
            return _Reply(*error_reply(500, method, target, self.server.identity, extra=problem))

    def _head(self, method: str, reply: AppReply, content_length: int) -> bytes:
        headers = [(name, value) for name, value in reply.headers if name.lower() not in _FRAMING_HEADERS]
        headers.append(("content-length", str(content_length)))
        if self.closing:
            headers.append(("connection", "close"))
        self.server.stats.statuses[reply.status] += 1
        event, written = self.server._response_head(reply.status, headers)
        if self._short:
            self._must_close = self.closing
            return written
        return self.h11.send(event) or b""

    async def _send_reply(self, method: str, reply: AppReply) -> None:
        data = self._head(method, reply, len(reply.body))
        if self._short:  # never a HEAD request
            if reply.body and reply.status in _NO_BODY_STATUSES:
                raise h11.LocalProtocolError("Too much data for declared Content-Length")  # as h11 would
            await self.wire.send(data + reply.body)
            return
        if reply.body and method != "HEAD":  # a HEAD answer announces the length but carries no body
            data += self.h11.send(h11.Data(data=reply.body)) or b""
        data += self.h11.send(h11.EndOfMessage()) or b""
        await self.wire.send(data)
        if self.h11.our_state is h11.MUST_CLOSE:
            self.close_mode = _Close.GRACEFUL

    async def _send_partial(self, method: str, reply: AppReply) -> None:
        """Headers promising the whole body, then only part of it (a reset or a truncation follows)."""
        body = reply.body if method != "HEAD" else b""
        part = body[: min(len(body) // 2, PARTIAL_BODY_BYTES)]
        data = self._head(method, reply, max(len(reply.body), len(part) + 1))
        if part and self._short:
            data += part
        elif part:
            data += self.h11.send(h11.Data(data=part)) or b""
        await self.wire.send(data)

    async def _stall(self, seconds: float) -> None:
        """Answer nothing; wait for the client to give up, `seconds` to pass, or shutdown."""
        self.close_mode = _Close.PLAIN
        if self.closing:
            return
        self._waiting = True
        with anyio.move_on_after(seconds):
            try:
                while await self.wire.receive():  # discard: this connection is doomed
                    pass
            except OSError:
                pass  # the client gave up
            finally:
                self._waiting = False

    async def _answer_protocol_error(self, exc: h11.RemoteProtocolError) -> None:
        if self.h11.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        status = exc.error_status_hint
        body = f"{_REASONS.get(status, b'Bad Request').decode()}: {exc}\n".encode()
        reply = _Reply(status, [("content-type", "text/plain"), ("connection", "close")], body)
        try:
            await self._send_reply("", reply)
        except h11.LocalProtocolError:  # h11 cannot frame an answer any more
            return
        self.close_mode = _Close.GRACEFUL

    # -- closing -----------------------------------------------------------------------------

    async def _close(self) -> None:
        wire = self.wire
        if self.close_mode is _Close.GRACEFUL:
            with anyio.move_on_after(LINGER_SECONDS):
                if wire.tls:
                    # Our close_notify, then the client's (or its plain EOF: most clients skip it).
                    # Strict TLS clients treat a close without close_notify as truncation.
                    with contextlib.suppress(OSError):  # ssl.SSLError is an OSError
                        await wire.unwrap()
                with contextlib.suppress(OSError):  # when the client has closed, nothing is left to wait for
                    wire.send_eof()  # FIN once our answer is out
                    while await wire.receive():  # e.g. the rest of a body we refused
                        pass
        elif self.close_mode is _Close.RESET:
            _arm_reset(wire.sock)
        else:
            wire.discard_unread()  # a failed handshake may leave some of its input unread
        wire.close()


def _arm_reset(sock: socket.socket) -> None:
    """Make the coming close send RST instead of FIN (SO_LINGER on, timeout 0)."""
    with contextlib.suppress(OSError):  # already gone: closing it is all we can do
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def _content_length(request: h11.Request) -> int | None:
    for name, value in request.headers.raw_items():
        if name.lower() == b"content-length":
            return int(value)  # h11 has checked it is a number
    return None


def _connect_host(bind_host: str) -> str:
    """Where a local client connects to reach a server bound to `bind_host`, URL-ready."""
    if bind_host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if bind_host == "::":
        return "[::1]"
    try:
        address = ipaddress.ip_address(bind_host)
    except ValueError:
        return bind_host
    return f"[{address}]" if address.version == 6 else str(address)
