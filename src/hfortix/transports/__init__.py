"""hfortix.transports: execute the requests hfortix.core builds (sync, asyncio, trio).

A transport knows I/O and nothing of FortiOS: `send(Request) -> Response`, pooling, TLS,
timeouts, cancellation. Any object with the methods of `Transport` or `AsyncTransport`
can replace these.
"""

from ._errors import TransportClosedError
from ._options import Timeouts, TransportOptions
from ._tls import InsecureTransportWarning
from .async_http import AsyncHTTPTransport, AsyncioTransport, TrioTransport, async_transport_for_running_loop
from .base import AsyncTransport, Transport
from .memory import AppReply, AsyncInMemoryTransport, InMemoryApp, InMemoryTransport
from .sync_http import HTTPTransport

__all__ = [
    "AppReply",
    "AsyncHTTPTransport",
    "AsyncInMemoryTransport",
    "AsyncTransport",
    "AsyncioTransport",
    "HTTPTransport",
    "InMemoryApp",
    "InMemoryTransport",
    "InsecureTransportWarning",
    "Timeouts",
    "Transport",
    "TransportClosedError",
    "TransportOptions",
    "TrioTransport",
    "async_transport_for_running_loop",
]
