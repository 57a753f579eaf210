"""Between hfortix's Request/Response values and httpx's, for the httpx transports only.

The headers that go out are those of `_http11.request_head`, the same as every other
transport's, so an app behind `InMemoryTransport` and the h11 transports see what httpx sends.
"""

from __future__ import annotations

import httpx

from hfortix.core import Request, Response

from ._http11 import request_head
from ._options import Timeouts

__all__ = ["from_httpx", "to_httpx"]


def to_httpx(request: Request, timeouts: Timeouts) -> httpx.Request:
    """An httpx request that httpx's client will send unchanged (see `request_head`)."""
    url = httpx.URL(request.url)
    return httpx.Request(
        request.method,
        url,
        # UTF-8, not httpx's ASCII-or-raise: a stray non-ASCII value reaches h11, which either
        # sends it (obs-text) or rejects it as a protocol error that we translate.
        headers=[(name.encode(), value.encode())
                 for name, value in request_head(request, url.netloc.decode("ascii"))],
        content=request.content,
        extensions={"timeout": timeouts.for_request(request.timeout)},
    )


def from_httpx(response: httpx.Response, content: bytes) -> Response:
    """Our Response: header names as the server spelled them, in order, repeats kept."""
    if not 100 <= response.status_code <= 599:  # h11 accepts any three digits; we do not
        raise httpx.RemoteProtocolError(f"the server answered with status {response.status_code}")
    encoding = response.headers.encoding  # ASCII, else UTF-8, else Latin-1: never fails
    headers = tuple((name.decode(encoding), value.decode(encoding)) for name, value in response.headers.raw)
    return Response(status_code=response.status_code, headers=headers, content=content)
