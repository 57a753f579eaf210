"""The one place httpx clients are configured, so sync and async behave identically."""

from __future__ import annotations

import ssl
from http.cookiejar import CookieJar, DefaultCookiePolicy
from os import PathLike
from typing import Generic, TypeVar

import httpx

from ._options import DEFAULT_TIMEOUTS, Timeouts, as_timeouts, pool_limits
from ._tls import ssl_context_for

__all__ = ["PooledTransport", "make_client"]

_Client = TypeVar("_Client", httpx.Client, httpx.AsyncClient)


def make_client(
    kind: type[_Client],
    *,
    verify: bool | str | PathLike[str] | ssl.SSLContext,
    timeouts: Timeouts,
    max_connections: int,
    max_keepalive_connections: int | None,
) -> _Client:
    """An httpx client for a transport's `__init__`, with every option validated first."""
    size, idle = pool_limits(max_connections, max_keepalive_connections)
    context = ssl_context_for(verify)
    return kind(
        verify=context,
        limits=httpx.Limits(max_connections=size, max_keepalive_connections=idle),
        # Only a default: every request carries its own timeouts (see `to_httpx`).
        timeout=httpx.Timeout(
            timeouts.read, connect=timeouts.connect, write=timeouts.write, pool=timeouts.pool
        ),
        http1=True,
        http2=False,
        follow_redirects=False,  # a 3xx is an answer for the caller to see
        # No proxy settings from the environment: the FortiGate is reached directly, and
        # trusted as `verify` says (see ssl_context_for).
        trust_env=False,
        # We never build requests with the client, so its jar is never sent; a jar that
        # refuses everything also keeps it from silently collecting every Set-Cookie.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    )


class PooledTransport(Generic[_Client]):
    """What the sync and the async transport share: options, the pool, and being closed."""

    def __init__(
        self,
        client_class: type[_Client],
        *,
        verify: bool | str | PathLike[str] | ssl.SSLContext = True,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        max_connections: int = 20,
        max_keepalive_connections: int | None = None,
    ) -> None:
        self._timeouts = as_timeouts(timeout)
        self._client: _Client = make_client(
            client_class,
            verify=verify,
            timeouts=self._timeouts,
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
        )
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed
