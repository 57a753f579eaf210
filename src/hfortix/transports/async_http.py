"""The async transports: one implementation over `httpx.AsyncClient`, for asyncio and trio.

httpcore picks its network backend per event loop (native trio under trio, anyio under
asyncio), so the same client code serves both. A pool, its locks and its sockets belong to
the loop that first used them, so each transport stays with one loop: `AsyncioTransport`
and `TrioTransport` insist on theirs, `AsyncHTTPTransport` on whichever it met first.
"""

from __future__ import annotations

from typing import ClassVar, Unpack

import httpx
import sniffio

from hfortix.core import Request, Response
from hfortix.core.errors import ConfigurationError

from ._client import PooledTransport
from ._errors import closed_error, translated_errors
from ._options import TransportOptions
from ._wire import from_httpx, to_httpx
from .base import AsyncClosing

__all__ = ["AsyncHTTPTransport", "AsyncioTransport", "TrioTransport", "async_transport_for_running_loop"]

_SUPPORTED_LIBRARIES = ("asyncio", "trio")


def _running_library() -> str:
    try:
        library = sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError as exc:
        raise ConfigurationError("no asyncio or trio event loop is running here") from exc
    if library not in _SUPPORTED_LIBRARIES:
        raise ConfigurationError(f"hfortix's async transports run under asyncio or trio, not {library}")
    return library


class AsyncHTTPTransport(PooledTransport[httpx.AsyncClient], AsyncClosing):
    """Send requests over pooled HTTP/1.1 keep-alive connections from asyncio or trio.

    Options and behaviour are those of `HTTPTransport`. It may be built outside any loop;
    at first use it binds to the running loop's library, and a later call from the other
    library raises ConfigurationError. Cancelling a `send` (task cancel, cancel scope,
    `anyio.fail_after`) propagates untouched and leaves the pool usable.
    """

    # The library this class insists on; None binds to whichever runs the first call.
    required_library: ClassVar[str | None] = None

    def __init__(self, **options: Unpack[TransportOptions]) -> None:
        super().__init__(httpx.AsyncClient, **options)
        self._library = self.required_library

    def _check_library(self) -> None:
        running = _running_library()
        if self._library is None:
            self._library = running
        elif running != self._library:
            raise ConfigurationError(
                f"{type(self).__name__} serves {self._library}, but it was called under {running}; "
                f"use async_transport_for_running_loop() to get the right one"
            )

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        self._check_library()
        with translated_errors(request):
            response = await self._client.send(to_httpx(request, self._timeouts), stream=True)
            try:
                # aiter_raw: the body exactly as sent (see HTTPTransport.send).
                content = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                # On cancellation too: httpcore shields this close, so the connection is
                # dropped (its half-read answer is useless) and its pool slot freed.
                await response.aclose()
            return from_httpx(response, content)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        with translated_errors(None):
            await self._client.aclose()



class AsyncioTransport(AsyncHTTPTransport):
    """`AsyncHTTPTransport` for asyncio; used under another loop it raises ConfigurationError."""

    required_library = "asyncio"


class TrioTransport(AsyncHTTPTransport):
    """`AsyncHTTPTransport` for trio (needs no asyncio loop); elsewhere raises ConfigurationError."""

    required_library = "trio"


def async_transport_for_running_loop(**options: Unpack[TransportOptions]) -> AsyncHTTPTransport:
    """An `AsyncioTransport` or `TrioTransport`, whichever matches the running event loop.

    Call it from inside the loop (in a coroutine, or code a coroutine calls); outside one
    it raises ConfigurationError.
    """
    transport_class = AsyncioTransport if _running_library() == "asyncio" else TrioTransport
    return transport_class(**options)
