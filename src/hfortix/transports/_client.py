"""The one place httpx clients are configured, so sync and async behave identically."""

from __future__ import annotations

import logging
import re
import ssl
import warnings
from http.cookiejar import CookieJar, DefaultCookiePolicy
from os import PathLike
from typing import Generic, TypeVar

import httpx

from hfortix.core.errors import ConfigurationError

from ._options import DEFAULT_TIMEOUTS, Timeouts, as_timeouts, pool_limits
from ._tls import InsecureTransportWarning, ssl_context_for

__all__ = ["PooledTransport", "make_client", "quiet_httpx_logs"]

# Where httpx and httpcore log: the request line (its URL may carry access_token) and, at
# DEBUG, every response header (Set-Cookie carries the session key and the CSRF token).
_HTTPX_LOGGERS = ("httpx", "httpcore.connection", "httpcore.http11", "httpcore.http2", "httpcore.proxy",
                  "httpcore.socks")
_SECRET_PAIR = re.compile(r"""\((b?(['"]))(authorization|cookie|set-cookie|x-csrftoken)\2, b?(['"]).*?\4\)""",
                          re.IGNORECASE)
_SECRET_PARAMETER = re.compile(r"(access_token|session_key)=[^&\s'\"#]*", re.IGNORECASE)


class _SecretFilter(logging.Filter):
    """Rewrites httpx's and httpcore's records with tokens, cookies and CSRF tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SECRET_PARAMETER.sub(r"\1=***", _SECRET_PAIR.sub(r"(\1\3\2, b'***')", message))
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = _SecretFilter()


def quiet_httpx_logs() -> None:
    """Keep secrets out of httpx's and httpcore's log records (idempotent)."""
    for name in _HTTPX_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

_Client = TypeVar("_Client", httpx.Client, httpx.AsyncClient)


def make_client(
    kind: type[_Client],
    *,
    verify: bool | str | PathLike[str] | ssl.SSLContext,
    timeouts: Timeouts,
    max_connections: int,
    max_keepalive_connections: int | None,
    proxy: str | None = None,
) -> _Client:
    """An httpx client for a transport's `__init__`, with every option validated first."""
    quiet_httpx_logs()
    if proxy is not None and not isinstance(proxy, str):
        raise ConfigurationError(f"proxy must be a URL string such as 'http://proxy:3128', got {proxy!r}")
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
        # No settings from the environment: the FortiGate is reached directly unless `proxy`
        # says otherwise (FortiOS(transport="httpx") passes the environment's), and trusted
        # as `verify` says (see ssl_context_for).
        trust_env=False,
        proxy=proxy,
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
        proxy: str | None = None,
    ) -> None:
        self._timeouts = as_timeouts(timeout)
        self._client_class: type[_Client] = client_class
        self._client_options = {"verify": verify, "timeouts": self._timeouts, "max_connections": max_connections,
                                "max_keepalive_connections": max_keepalive_connections, "proxy": proxy}
        self._client: _Client = make_client(client_class, **self._client_options)  # type: ignore[arg-type]
        self._closed = False

    def _new_client(self) -> _Client:
        """Another client with the same options (the async transport makes one per event loop)."""
        with warnings.catch_warnings():  # verify=False warned once, at construction
            warnings.simplefilter("ignore", InsecureTransportWarning)
            client: _Client = make_client(self._client_class, **self._client_options)  # type: ignore[arg-type]
            return client

    @property
    def closed(self) -> bool:
        return self._closed
