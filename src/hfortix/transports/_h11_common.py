"""What both h11 transports share: their options, checked once, and being closed."""

from __future__ import annotations

from typing import TypedDict

from ._limits import MAX_BODY_BYTES, MAX_HEADER_BYTES
from ._options import DEFAULT_TIMEOUTS, Timeouts, as_timeouts, limits, pool_limits, positive_seconds
from ._tls import TLSSettings, Verify

__all__ = ["H11Base", "H11Options"]


class H11Options(TypedDict, total=False):
    """The keyword options of `H11Transport` and `AsyncH11Transport`."""

    verify: Verify
    timeout: float | Timeouts
    max_connections: int
    max_keepalive_connections: int | None
    keepalive_expiry: float
    max_response_bytes: int
    max_header_bytes: int


class H11Base:
    """Options of hfortix's own transports (see `H11Transport` for what each means)."""

    def __init__(
        self,
        *,
        verify: Verify = True,
        timeout: float | Timeouts = DEFAULT_TIMEOUTS,
        max_connections: int = 20,
        max_keepalive_connections: int | None = None,
        keepalive_expiry: float = 5.0,
        max_response_bytes: int = MAX_BODY_BYTES,
        max_header_bytes: int = MAX_HEADER_BYTES,
    ) -> None:
        self._timeouts = as_timeouts(timeout)
        # (max open, max idle, idle seconds): the arguments of every Pool this transport makes
        self._pool_options = (*pool_limits(max_connections, max_keepalive_connections),
                              positive_seconds("keepalive_expiry", keepalive_expiry))
        self._limits = limits(max_response_bytes, max_header_bytes)
        self._tls = TLSSettings(verify)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed
