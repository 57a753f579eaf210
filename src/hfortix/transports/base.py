"""What hfortix needs from a transport: two tiny protocols, one per calling style.

Anything with these methods can be passed as `FortiOS(..., transport=obj)`; no base class
to inherit. They are `runtime_checkable`, which checks only that the methods exist (not
that `send` is a coroutine function), so a wrong-style object is caught at first use.
"""

from __future__ import annotations

from typing import Protocol, Self, runtime_checkable

from hfortix.core import Request, Response

__all__ = ["AsyncClosing", "AsyncTransport", "Closing", "Transport"]


@runtime_checkable
class Transport(Protocol):
    """A blocking transport: `send` one request and return the whole response."""

    def send(self, request: Request) -> Response:
        """Send `request` and return the complete response (any status; never raises for 4xx/5xx).

        Raises `hfortix.core.errors.ConnectionError` or `TimeoutError` when no complete
        answer arrives.
        """
        ...

    def close(self) -> None:
        """Release pooled connections. Calling it again does nothing."""
        ...


@runtime_checkable
class AsyncTransport(Protocol):
    """An async transport: the same contract as `Transport`, awaited."""

    async def send(self, request: Request) -> Response:
        """Send `request` and return the complete response; cancellation propagates untouched."""
        ...

    async def aclose(self) -> None:
        """Release pooled connections. Calling it again does nothing."""
        ...


class Closing:
    """`with transport:` closes it on the way out (for the shipped sync transports)."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClosing:
    """`async with transport:` closes it on the way out (for the shipped async transports)."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
