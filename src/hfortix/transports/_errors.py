"""The transport edge of the error tree: I/O failures become hfortix errors, nothing leaks."""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

from hfortix.core import Request, errors

__all__ = [
    "ResponseTooLargeError", "TransportClosedError", "closed_error", "deadline_error", "describe", "public_url",
    "transport_error", "translated_errors",
]

_Error = TypeVar("_Error", bound=errors.TransportError)

# Exceptions from these libraries are I/O failures by definition. Matching by origin
# (rather than listing classes) also covers trio's and anyio's exceptions without importing
# trio, which is optional, and whatever a future httpcore backend raises.
_IO_LIBRARIES = frozenset({"httpx", "httpcore", "h11", "anyio", "trio", "ssl", "socket"})

# httpx's timeout classes by name, so this module never imports httpx itself.
_HTTPX_TIMEOUT_PHASES = {
    "ConnectTimeout": "connect timeout",
    "ReadTimeout": "read timeout",
    "WriteTimeout": "write timeout",
    "PoolTimeout": "pool timeout (no free connection)",
}
# httpx failures that happen before any byte of the request is written.
_HTTPX_NOT_SENT = frozenset({"ConnectTimeout", "PoolTimeout", "ConnectError", "UnsupportedProtocol", "InvalidURL"})


class TransportClosedError(errors.ConnectionError):
    """The transport was closed (`close()`/`aclose()`) before this request."""


class ResponseTooLargeError(errors.TransportError):
    """The answer's headers or body exceed the transport's limit (`max_header_bytes`,
    `max_response_bytes`); the connection was closed."""


def public_url(url: str) -> str:
    """`url` without its query, fragment and user info, which may carry an access_token."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unparseable: keep only what cannot hold a secret
        return url.split("?", 1)[0].split("#", 1)[0].rpartition("@")[2]
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def closed_error(request: Request) -> TransportClosedError:
    return transport_error(TransportClosedError, request, "the transport is closed", sent=False)


def deadline_error(request: Request, seconds: float) -> errors.TimeoutError:
    """The request's own timeout ran out (the httpx transports' whole-attempt deadline)."""
    what = f"read timeout: no complete answer within {seconds:g} s (the request's timeout)"
    return transport_error(errors.TimeoutError, request, what, sent=True)


def transport_error(kind: type[_Error], request: Request, what: str, *, sent: bool) -> _Error:
    """`kind` for `request`: "METHOD url: what", the URL without its secrets."""
    url = public_url(request.url)
    return kind(f"{request.method} {url}: {what}", method=request.method, url=url, request_sent=sent)


def _error(
    kind: type[_Error], request: Request | None, what: str, cause: BaseException | None = None, *, sent: bool = True
) -> _Error:
    if request is None:  # closing the transport, not a request
        return kind(f"closing the transport: {what}: {cause}" if cause else what)
    if cause is not None:
        detail = describe(cause)
        query = request.url.partition("?")[2].partition("#")[0]
        if query and query in detail:  # a library quoting the URL back must not leak the token
            detail = detail.replace(query, "<query removed>")
        what = f"{what}: {detail}"
    return transport_error(kind, request, what, sent=sent)


def certificate_failure(exc: BaseException) -> bool:
    """Whether a TLS certificate check failed somewhere down the exception's chain."""
    ssl = sys.modules.get("ssl")  # no ssl imported: no TLS was ever tried
    if ssl is None:
        return False
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLCertVerificationError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def describe(exc: BaseException) -> str:
    """The first non-empty message down the exception's chain of causes.

    Some layers re-raise with no text (httpcore's trio backend turns an SSL failure into a
    bare ConnectError), and "ConnectError" alone does not say "certificate verify failed".
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if str(current):
            return str(current)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return type(exc).__name__


def _is_io_error(exc: Exception) -> bool:
    return isinstance(exc, OSError) or type(exc).__module__.partition(".")[0] in _IO_LIBRARIES


def _from_httpx(exc: Exception) -> bool:
    return type(exc).__module__.partition(".")[0] == "httpx"


@contextmanager
def translated_errors(request: Request | None) -> Iterator[None]:
    """Re-raise any I/O failure inside the block as ConnectionError or TimeoutError.

    `request` names the method and URL in the message (None while closing a transport).

    The original is kept as `__cause__`, minus the request an httpx error holds (its URL may
    carry an access_token). Only `Exception`s are touched: cancellation
    (asyncio.CancelledError, trio.Cancelled) and KeyboardInterrupt are BaseExceptions and
    pass through untouched, as does anything that is not I/O (a bug should look like one).
    """
    try:
        yield
    except errors.TransportError:
        raise  # already ours
    except Exception as exc:
        name = type(exc).__name__
        sent = not (_from_httpx(exc) and name in _HTTPX_NOT_SENT)
        if _from_httpx(exc) and hasattr(exc, "_request"):
            exc._request = None  # the httpx.Request's URL would show an access_token in a repr
        if isinstance(exc, builtins.TimeoutError) or (_from_httpx(exc) and name.endswith("Timeout")):
            phase = _HTTPX_TIMEOUT_PHASES.get(name, "timed out") if _from_httpx(exc) else "timed out"
            raise _error(errors.TimeoutError, request, phase, exc, sent=sent) from exc
        if _is_io_error(exc):
            kind = errors.CertificateError if certificate_failure(exc) else errors.ConnectionError
            raise _error(kind, request, "connection failed", exc, sent=sent) from exc
        raise
