"""The async httpx transports: one implementation over `httpx.AsyncClient`, for asyncio and trio.

httpcore picks its network backend per event loop (native trio under trio, anyio under
asyncio), so the same client code serves both. A pool, its locks and its sockets belong to
the loop that first used them, so each loop gets its own httpx client, closed by that loop
when it ends; `AsyncioTransport` and `TrioTransport` insist on their library,
`AsyncHTTPTransport` on whichever it met first.
"""

from __future__ import annotations

import math
from collections.abc import AsyncGenerator
from typing import ClassVar, Unpack

import anyio
import httpx

from hfortix.core import Request, Response
from hfortix.core.errors import ConfigurationError

from ._client import PooledTransport
from ._errors import closed_error, deadline_error, translated_errors
from ._loops import current_loop, finalize_at_loop_end, running_library
from ._options import HttpxOptions, request_timeout
from ._wire import from_httpx, to_httpx
from .base import AsyncClosing

__all__ = ["AsyncHTTPTransport", "AsyncioTransport", "TrioTransport", "async_transport_for_running_loop"]

_running_library = running_library


class AsyncHTTPTransport(PooledTransport[httpx.AsyncClient], AsyncClosing):
    """Send requests through `httpx.AsyncClient` from asyncio or trio.

    Options and behaviour are those of `HTTPTransport` (`proxy=` included). It may be built
    outside any loop; at first use it binds to the running loop's library, and a later call
    from the other library raises ConfigurationError. A new loop of the same library (a
    second `asyncio.run()`) gets a new httpx client; each loop's client is closed when that
    loop ends. A request's `timeout` is a deadline for its whole attempt. Cancelling a `send`
    propagates untouched.
    """

    # The library this class insists on; None binds to whichever runs the first call.
    required_library: ClassVar[str | None] = None

    def __init__(self, **options: Unpack[HttpxOptions]) -> None:
        super().__init__(httpx.AsyncClient, **options)
        self._library = self.required_library
        self._loop: object = None
        self._watcher: AsyncGenerator[None, None] | None = None

    def _check_library(self) -> None:
        running = _running_library()
        if self._library is None:
            self._library = running
        elif running != self._library:
            raise ConfigurationError(
                f"{type(self).__name__} serves {self._library}, but it was called under {running}; "
                f"use async_transport_for_running_loop() to get the right one"
            )

    async def _bind(self, loop: object) -> None:
        if self._loop is not None:  # the last loop ended; its watcher closed its client
            self._client = self._new_client()
        self._loop = loop
        client = self._client

        async def loop_ends() -> None:
            with anyio.CancelScope(shield=True):
                await client.aclose()

        self._watcher = finalize_at_loop_end(loop_ends)
        await self._watcher.asend(None)

    async def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        self._check_library()
        loop = current_loop()
        if loop is not self._loop:
            await self._bind(loop)
        deadline = request_timeout(request)
        with translated_errors(request):
            # httpx's timeouts bound each read; the request's timeout bounds the whole attempt.
            with anyio.move_on_after(deadline if deadline is not None else math.inf) as scope:
                response = await self._client.send(to_httpx(request, self._timeouts), stream=True)
                try:
                    # aiter_raw: the body exactly as sent (see HTTPTransport.send).
                    content = b"".join([chunk async for chunk in response.aiter_raw()])
                finally:
                    # On cancellation too: httpcore shields this close, so the connection is
                    # dropped (its half-read answer is useless) and its pool slot freed.
                    await response.aclose()
                return from_httpx(response, content)
        assert scope.cancelled_caught and deadline is not None
        raise deadline_error(request, deadline)

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        watcher, self._watcher = self._watcher, None
        if watcher is not None and self._loop is current_loop():
            await watcher.aclose()  # closes this loop's client
            return
        with translated_errors(None):
            await self._client.aclose()


class AsyncioTransport(AsyncHTTPTransport):
    """`AsyncHTTPTransport` for asyncio; used under another loop it raises ConfigurationError."""

    required_library = "asyncio"


class TrioTransport(AsyncHTTPTransport):
    """`AsyncHTTPTransport` for trio (needs no asyncio loop); elsewhere raises ConfigurationError."""

    required_library = "trio"


def async_transport_for_running_loop(**options: Unpack[HttpxOptions]) -> AsyncHTTPTransport:
    """An `AsyncioTransport` or `TrioTransport`, whichever matches the running event loop.

    Call it from inside the loop (in a coroutine, or code a coroutine calls); outside one
    it raises ConfigurationError.
    """
    transport_class = AsyncioTransport if _running_library() == "asyncio" else TrioTransport
    return transport_class(**options)
