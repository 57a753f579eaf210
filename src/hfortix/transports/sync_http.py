"""The blocking httpx transport: a pooled, keep-alive HTTP/1.1 client over `httpx.Client`."""

from __future__ import annotations

import ssl
import threading
from os import PathLike
from time import monotonic

import httpx

from hfortix.core import Request, Response

from ._client import PooledTransport
from ._errors import closed_error, deadline_error, translated_errors
from ._options import DEFAULT_TIMEOUTS, Timeouts, request_timeout
from ._wire import from_httpx, to_httpx
from .base import Closing

__all__ = ["HTTPTransport"]


class HTTPTransport(PooledTransport[httpx.Client], Closing):
    """Send requests through `httpx.Client` over pooled keep-alive connections; thread-safe.

    `verify`: True (system CAs), a CA bundle path, False (no verification; warns once) or
    an `ssl.SSLContext`. `timeout`: seconds for every phase, or a `Timeouts`; a request's
    own `timeout` replaces connect/read/write for that request. `max_connections`: open at
    once; `max_keepalive_connections`: kept idle for reuse (default: max_connections).

    `proxy`: an HTTP proxy URL to go through (FortiOS(transport="httpx") passes the one the
    environment names for the host). A request's own `timeout` is also checked between reads
    of the body, so a dripping server cannot stretch it past one more read.

    Redirects are returned, not followed; no cookies are kept; headers go out as given
    (plus Host, User-Agent and Content-Length when absent); the body comes back as sent
    (never decompressed). Failures raise ConnectionError or TimeoutError; once closed,
    every send raises TransportClosedError (a ConnectionError).
    """

    def __init__(
        self,
        *,
        verify: bool | str | PathLike[str] | ssl.SSLContext = True,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        max_connections: int = 20,
        max_keepalive_connections: int | None = None,
        proxy: str | None = None,
    ) -> None:
        super().__init__(httpx.Client, verify=verify, timeout=timeout, max_connections=max_connections,
                         max_keepalive_connections=max_keepalive_connections, proxy=proxy)
        self._close_lock = threading.Lock()

    def send(self, request: Request) -> Response:
        if self._closed:
            raise closed_error(request)
        deadline = request_timeout(request)
        end = None if deadline is None else monotonic() + deadline
        with translated_errors(request):
            response = self._client.send(to_httpx(request, self._timeouts), stream=True)
            try:
                # iter_raw: the body exactly as sent (de-chunked, never decompressed), so it
                # always agrees with the Content-Encoding/Content-Length the caller sees.
                chunks = []
                for chunk in response.iter_raw():
                    # httpx bounds each read; between reads the request's timeout bounds them all.
                    if end is not None and monotonic() > end:
                        raise deadline_error(request, deadline or 0)
                    chunks.append(chunk)
            finally:
                response.close()
            return from_httpx(response, b"".join(chunks))

    def close(self) -> None:
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._client.close()

