"""A small HTTP/1.1 server on 127.0.0.1 (plain and TLS) for the transport tests.

Endpoints (any method):
  /echo                 200, JSON: method, target, headers (in order, repeats kept), body (latin-1)
  /set-cookie           200 with `Set-Cookie: session=secret`
  /redirect             302 to /echo
  /status?code=N        status N
  /headers              repeated and mixed-case response headers
  /gzip                 a gzip body with Content-Encoding: gzip, sent whatever the client accepts
  /hold?tag=T&seconds=S wait until the test calls release(T) (or S seconds), then 200
  /slow-body?tag=T      headers and half the body, then hold like /hold, then the rest
  /truncate             Content-Length 100, 10 bytes, then close
  /reset                read the request, then reset the connection (RST, no answer)
  /drip?where=W         200 whose head (W=head) or body (W=body) comes one byte every 0.2 s
  /big-head?bytes=N     200 with a header N bytes long
The server counts accepted connections, so tests can show keep-alive reuse.
"""

from __future__ import annotations

import gzip
import json
import socket
import ssl
import struct
import threading
from collections.abc import Iterator, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import anyio
import pytest
import trustme

from hfortix.transports import AsyncHTTPTransport, AsyncioTransport, TrioTransport


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.connections = 0
        self._state = threading.Condition()
        self._waiting: set[str] = set()
        self._released: set[str] = set()
        self._stopping = False

    @property
    def origin(self) -> str:
        host, port = self.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host!s}:{port}"

    def url(self, target: str) -> str:
        return self.origin + target

    def count_connection(self) -> None:
        with self._state:
            self.connections += 1

    def hold(self, tag: str, seconds: float) -> None:
        """Block the handler until the test releases `tag` (or `seconds`, or shutdown)."""
        with self._state:
            self._waiting.add(tag)
            self._state.notify_all()
            self._state.wait_for(lambda: tag in self._released or self._stopping, timeout=seconds)
            self._waiting.discard(tag)

    def is_holding(self, tag: str) -> bool:
        with self._state:
            return tag in self._waiting

    def wait_until_holding(self, tag: str) -> None:
        """Block until a request tagged `tag` is held (for sync tests)."""
        with self._state:
            assert self._state.wait_for(lambda: tag in self._waiting, timeout=10), f"{tag} never arrived"

    async def until_holding(self, tag: str) -> None:
        """Let the event loop run until a request tagged `tag` is held (for async tests)."""
        with anyio.fail_after(10):
            while not self.is_holding(tag):
                await anyio.sleep(0.01)

    def release(self, tag: str) -> None:
        with self._state:
            self._released.add(tag)
            self._state.notify_all()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def stop(self) -> None:
        with self._state:
            self._stopping = True
            self._state.notify_all()
        self.shutdown()
        self.server_close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hang up mid-answer on purpose (timeouts, cancellation); that is fine


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server: LocalServer

    def setup(self) -> None:
        self.server.count_connection()
        self.request.settimeout(10)  # an abandoned keep-alive connection frees its thread
        # Headers and body go out in two writes; without this, Nagle holds the second one
        # for the client's delayed ACK (40 ms per request).
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.server.tls is not None:
            self.request = self.server.tls.wrap_socket(self.request, server_side=True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            # socketserver closes the socket it accepted, not the TLS one we replaced it with.
            if self.server.tls is not None:
                self.request.close()

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = urlsplit(self.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        route = getattr(self, "route_" + parts.path.strip("/").replace("-", "_"), None)
        if route is None:
            self.answer(404, b"no such endpoint")
        else:
            route(query, body)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def answer(self, status: int, body: bytes, headers: Sequence[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route_echo(self, query: dict[str, str], body: bytes) -> None:
        report = {
            "method": self.command,
            "target": self.path,
            "headers": [[name, value] for name, value in self.headers.items()],
            "body": body.decode("latin-1"),
        }
        self.answer(200, json.dumps(report).encode(), [("Content-Type", "application/json")])

    def route_set_cookie(self, query: dict[str, str], body: bytes) -> None:
        self.answer(200, b"cookie set", [("Set-Cookie", "session=secret; Path=/")])

    def route_redirect(self, query: dict[str, str], body: bytes) -> None:
        self.answer(302, b"", [("Location", "/echo")])

    def route_status(self, query: dict[str, str], body: bytes) -> None:
        self.answer(int(query["code"]), f"status {query['code']}".encode())

    def route_headers(self, query: dict[str, str], body: bytes) -> None:
        self.answer(200, b"", [("X-Dup", "one"), ("X-Mixed-Case", "yes"), ("X-Dup", "two")])

    def route_gzip(self, query: dict[str, str], body: bytes) -> None:
        self.answer(200, gzip.compress(b"hello"), [("Content-Encoding", "gzip")])

    def route_hold(self, query: dict[str, str], body: bytes) -> None:
        self.server.hold(query["tag"], float(query.get("seconds", "10")))
        self.answer(200, b"released")

    def route_slow_body(self, query: dict[str, str], body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "10")
        self.end_headers()
        self.wfile.write(b"first")
        self.wfile.flush()
        self.server.hold(query["tag"], float(query.get("seconds", "10")))
        self.wfile.write(b"-last")

    def route_truncate(self, query: dict[str, str], body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True

    def route_drip(self, query: dict[str, str], body: bytes) -> None:
        # A server that is never silent long enough for a per-read timeout, yet never done.
        body_bytes = b"x" * 200
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body_bytes)}\r\n\r\n".encode()
        sent, dripped = (b"", head + body_bytes) if query.get("where") == "head" else (head, body_bytes)
        self.wfile.write(sent)
        self.wfile.flush()
        for index in range(len(dripped)):
            if self.server.stopping:
                break
            threading.Event().wait(0.2)
            self.wfile.write(dripped[index:index + 1])
            self.wfile.flush()
        self.close_connection = True

    def route_big_head(self, query: dict[str, str], body: bytes) -> None:
        self.answer(200, b"ok", [("X-Big", "y" * int(query["bytes"]))])

    def route_reset(self, query: dict[str, str], body: bytes) -> None:
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


def _serve(tls: ssl.SSLContext | None) -> Iterator[LocalServer]:
    server = LocalServer(tls)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    yield from _serve(None)


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def https_server(certificate_authority: trustme.CA) -> Iterator[LocalServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    yield from _serve(context)


@pytest.fixture(scope="session")
def ca_bundle(certificate_authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("tls") / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def refused_url() -> str:
    """A URL on a loopback port that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/echo"


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def async_transport_class(anyio_backend: str) -> type[AsyncHTTPTransport]:
    """The transport named for the loop this test runs under."""
    return AsyncioTransport if anyio_backend == "asyncio" else TrioTransport

