"""Between hfortix's Request/Response values and what goes on the wire.

Every transport, the in-memory ones included, takes its URL target and headers from here,
so an app behind `InMemoryTransport` sees exactly the bytes a socket peer would.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import httpx

from hfortix.core import Request, Response

from ._options import Timeouts

__all__ = ["USER_AGENT", "from_httpx", "to_httpx", "wire_headers", "wire_url"]


def _user_agent() -> str:
    try:
        return f"hfortix/{version('hfortix')}"
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "hfortix/0+unknown"


USER_AGENT = _user_agent()

_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def wire_url(request: Request) -> httpx.URL:
    """The request URL as httpx parses and normalises it (raises httpx.InvalidURL)."""
    return httpx.URL(request.url)


def wire_headers(request: Request, url: httpx.URL) -> list[tuple[str, str]]:
    """The request's headers, in order and with repeats, plus only what HTTP/1.1 framing needs.

    Added when absent: `Host` (always first, as h11 writes it), `User-Agent: hfortix/<version>` and
    `Content-Length` for a body or a POST/PUT/PATCH. Nothing else: no Accept-Encoding (so
    the FortiGate never compresses and the body returned is the body sent), no Accept, no
    Connection, and never a Cookie: cookies are the protocol layer's business.
    """
    given = list(request.headers)
    names = {name.lower() for name, _ in given}
    # Host goes first whoever set it: h11 writes it first on the wire (RFC 9110 advice).
    headers = [pair for pair in given if pair[0].lower() == "host"] or [("Host", url.netloc.decode("ascii"))]
    headers.extend(pair for pair in given if pair[0].lower() != "host")
    if "user-agent" not in names:
        headers.append(("User-Agent", USER_AGENT))
    framed = "content-length" in names or "transfer-encoding" in names
    if not framed and (request.content or request.method in _METHODS_WITH_BODY):
        headers.append(("Content-Length", str(len(request.content))))
    return headers


def to_httpx(request: Request, timeouts: Timeouts) -> httpx.Request:
    """An httpx request that httpx's client will send unchanged (see `wire_headers`)."""
    url = wire_url(request)
    return httpx.Request(
        request.method,
        url,
        # UTF-8, not httpx's ASCII-or-raise: a stray non-ASCII value reaches h11, which either
        # sends it (obs-text) or rejects it as a protocol error that we translate.
        headers=[(name.encode(), value.encode()) for name, value in wire_headers(request, url)],
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
