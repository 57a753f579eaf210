"""hfortix.transports: execute the requests hfortix.core builds (sync, asyncio, trio).

A transport knows I/O and nothing of FortiOS: `send(Request) -> Response`, pooling, TLS,
timeouts, cancellation. Any object with the methods of `Transport` or `AsyncTransport`
can replace these.

* `H11Transport` (blocking) and `AsyncH11Transport` (asyncio or trio): hfortix's own
  HTTP/1.1 client on h11, the default of `FortiOS`.
* `HTTPTransport`, `AsyncHTTPTransport`, `AsyncioTransport`, `TrioTransport`: the same
  contract over httpx (`FortiOS(transport="httpx")`), for HTTP proxies or httpx users.
* `InMemoryTransport`, `AsyncInMemoryTransport`: an in-process app instead of a socket.

Names are imported on first use, so a sync client loads neither httpx nor anyio.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = [
    "AppReply",
    "AsyncH11Transport",
    "AsyncHTTPTransport",
    "AsyncInMemoryTransport",
    "AsyncTransport",
    "AsyncioTransport",
    "H11Transport",
    "HTTPTransport",
    "InMemoryApp",
    "InMemoryTransport",
    "InsecureTransportWarning",
    "ResponseTooLargeError",
    "Timeouts",
    "Transport",
    "TransportClosedError",
    "TransportOptions",
    "TrioTransport",
    "async_transport_for_running_loop",
]

_HOMES = {
    "AppReply": "memory", "AsyncInMemoryTransport": "memory", "InMemoryApp": "memory", "InMemoryTransport": "memory",
    "AsyncH11Transport": "h11_async", "H11Transport": "h11_sync",
    "AsyncHTTPTransport": "async_http", "AsyncioTransport": "async_http", "TrioTransport": "async_http",
    "async_transport_for_running_loop": "async_http", "HTTPTransport": "sync_http",
    "AsyncTransport": "base", "Transport": "base",
    "InsecureTransportWarning": "_tls", "ResponseTooLargeError": "_errors", "TransportClosedError": "_errors",
    "Timeouts": "_options", "TransportOptions": "_options",
}

if TYPE_CHECKING:
    from ._errors import ResponseTooLargeError, TransportClosedError
    from ._options import Timeouts, TransportOptions
    from ._tls import InsecureTransportWarning
    from .async_http import AsyncHTTPTransport, AsyncioTransport, TrioTransport, async_transport_for_running_loop
    from .base import AsyncTransport, Transport
    from .h11_async import AsyncH11Transport
    from .h11_sync import H11Transport
    from .memory import AppReply, AsyncInMemoryTransport, InMemoryApp, InMemoryTransport
    from .sync_http import HTTPTransport


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'hfortix.transports' has no attribute {name!r}")
    try:
        module = import_module(f"{__name__}.{home}")
    except ModuleNotFoundError as exc:
        if exc.name != "httpx":
            raise
        # httpx is the `httpx` extra; say so rather than leave a bare "No module named 'httpx'".
        raise ModuleNotFoundError(f"hfortix.transports.{name} runs on httpx, which is not installed: "
                                  "pip install 'hfortix[httpx]'", name="httpx") from None
    value = getattr(module, name)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
