"""Transports that hand requests to an in-process app instead of a socket, for unit tests.

The app is anything with `handle(method, target, headers, body)` returning a reply with
`.status`, `.headers` and `.body`, such as the FortiGate emulator's
`hfortix.emulator.app.EmulatorApp`. It sees what a socket peer would: `target` is the path
and `?query` as sent on the wire, and the headers include the `Host`, `User-Agent` and
`Content-Length` a real transport adds.

Faults: an app that raises the builtin `TimeoutError` produces hfortix's TimeoutError, any
other `OSError` (e.g. `ConnectionResetError`) hfortix's ConnectionError; everything else it
raises propagates unchanged, so a bug in a fake app shows as itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hfortix.core import Request, Response
from hfortix.core.errors import ConfigurationError

from ._errors import closed_error, translated_errors
from ._http11 import origin_of, request_head
from ._options import request_timeout
from .base import AsyncClosing, Closing

__all__ = ["AppReply", "AsyncInMemoryTransport", "InMemoryApp", "InMemoryTransport"]


class AppReply(Protocol):
    """What an in-memory app returns for one request."""

    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Sequence[tuple[str, str]]: ...

    @property
    def body(self) -> bytes: ...


class InMemoryApp(Protocol):
    """An HTTP server without the socket: one synchronous call per request."""

    def handle(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> AppReply: ...


def _checked_app(app: InMemoryApp) -> InMemoryApp:
    if not callable(getattr(app, "handle", None)):
        raise ConfigurationError(
            f"app must have a handle(method, target, headers, body) method, got {type(app).__name__}"
        )
    return app


def _exchange(app: InMemoryApp, request: Request) -> Response:
    request_timeout(request)  # a bad per-call timeout is refused here as by a socket transport
    with translated_errors(request):  # an invalid URL, or a fault the app raises as OSError
        try:
            origin, target = origin_of(request.url)
        except ValueError as exc:
            raise ConnectionRefusedError(f"invalid URL: {exc}") from None
        reply = app.handle(request.method, target, request_head(request, origin.host_header), request.content)
    return Response(status_code=reply.status, headers=tuple(reply.headers), content=reply.body)


class _InMemory:
    """What both in-memory transports share: the checked app and being closed."""

    def __init__(self, app: InMemoryApp) -> None:
        self.app = _checked_app(app)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed


class InMemoryTransport(_InMemory, Closing):
    """A `Transport` that calls `app.handle` for each request; no sockets, no threads."""

    def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        return _exchange(self.app, request)

    def close(self) -> None:
        self._closed = True  # the app is the caller's; it stays open



class AsyncInMemoryTransport(_InMemory, AsyncClosing):
    """An `AsyncTransport` that calls `app.handle` for each request, under asyncio or trio."""

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        import anyio.lowlevel  # here, not at import: the sync side must not load anyio

        # Yield to the loop once, as a socket would: other tasks run and a pending
        # cancellation lands here, before the app is called, never half-way.
        await anyio.lowlevel.checkpoint()
        return _exchange(self.app, request)

    async def aclose(self) -> None:
        self._closed = True

