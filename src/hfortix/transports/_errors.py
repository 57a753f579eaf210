"""The transport edge of the error tree: I/O failures become hfortix errors, nothing leaks."""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx

from hfortix.core import Request, errors

__all__ = ["TransportClosedError", "closed_error", "public_url", "translated_errors"]

_Error = TypeVar("_Error", bound=errors.TransportError)

# Exceptions from these libraries are I/O failures by definition. Matching by origin
# (rather than listing classes) also covers trio's and anyio's exceptions without importing
# trio, which is optional, and whatever a future httpcore backend raises.
_IO_LIBRARIES = frozenset({"httpx", "httpcore", "h11", "anyio", "trio", "ssl", "socket"})

_TIMEOUT_PHASES: dict[type[Exception], str] = {
    httpx.ConnectTimeout: "connect timeout",
    httpx.ReadTimeout: "read timeout",
    httpx.WriteTimeout: "write timeout",
    httpx.PoolTimeout: "pool timeout (no free connection)",
}


class TransportClosedError(errors.ConnectionError):
    """The transport was closed (`close()`/`aclose()`) before this request."""


def public_url(url: str) -> str:
    """`url` without its query, fragment and user info, which may carry an access_token."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unparseable: keep only what cannot hold a secret
        return url.split("?", 1)[0].split("#", 1)[0].rpartition("@")[2]
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def closed_error(request: Request) -> TransportClosedError:
    return _error(TransportClosedError, request, "the transport is closed")


def _error(
    kind: type[_Error], request: Request | None, what: str, cause: BaseException | None = None
) -> _Error:
    if request is None:  # closing the transport, not a request
        return kind(f"closing the transport: {what}: {cause}" if cause else what)
    url = public_url(request.url)
    message = f"{request.method} {url}: {what}"
    if cause is not None:
        detail = _describe(cause)
        query = request.url.partition("?")[2].partition("#")[0]
        if query and query in detail:  # a library quoting the URL back must not leak the token
            detail = detail.replace(query, "<query removed>")
        message = f"{message}: {detail}"
    return kind(message, method=request.method, url=url)


def _describe(exc: BaseException) -> str:
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


@contextmanager
def translated_errors(request: Request | None) -> Iterator[None]:
    """Re-raise any I/O failure inside the block as ConnectionError or TimeoutError.

    `request` names the method and URL in the message (None while closing a transport).

    The original is kept as `__cause__`. Only `Exception`s are touched: cancellation
    (asyncio.CancelledError, trio.Cancelled) and KeyboardInterrupt are BaseExceptions and
    pass through untouched, as does anything that is not I/O (a bug should look like one).
    """
    try:
        yield
    except errors.TransportError:
        raise  # already ours
    except Exception as exc:
        if isinstance(exc, httpx.TimeoutException | builtins.TimeoutError):
            phase = _TIMEOUT_PHASES.get(type(exc), "timed out")
            raise _error(errors.TimeoutError, request, phase, exc) from exc
        if _is_io_error(exc):
            raise _error(errors.ConnectionError, request, "connection failed", exc) from exc
        raise
