"""The options every socket transport accepts, validated once at construction."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from os import PathLike
from typing import TYPE_CHECKING, TypedDict

from hfortix.core import Request
from hfortix.core.errors import ConfigurationError

from ._limits import Limits
from ._tls import TLSSettings, Verify

if TYPE_CHECKING:  # ssl is imported by the first https connection, not before
    import ssl

__all__ = [
    "DEFAULT_TIMEOUTS", "HttpxOptions", "Timeouts", "TransportOptions", "as_timeouts", "check_shared", "checked_count",
    "limits", "pool_limits", "positive_seconds", "request_timeout",
]


def positive_seconds(name: str, value: object) -> float:
    # bool is an int subclass; `timeout=True` is a mistake, not one second.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long each phase of a request may take, in seconds.

    `connect`: TCP connect plus TLS handshake. `write`: sending the request. `read`: the
    answer. `pool`: the longest wait for a free connection when `max_connections` are busy.
    In hfortix's own transports (`H11Transport`, `AsyncH11Transport`) each is a deadline for
    its whole phase: a server that drips its answer a byte at a time cannot stretch `read`.
    In the httpx transports `read`/`write` bound each wait for the next bytes (httpx's rule).
    A request's own `timeout` (the per-call `timeout=`) is one deadline for its whole
    attempt instead: connect, send and answer; the pool wait stays the transport's. There is
    deliberately no "wait forever".
    """

    connect: float = 10.0
    read: float = 60.0
    write: float = 60.0
    pool: float = 60.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "write", "pool"):
            object.__setattr__(self, name, positive_seconds(f"Timeouts.{name}", getattr(self, name)))

    def for_request(self, request_timeout: float | None) -> dict[str, float]:
        """The per-phase timeouts for one request, in httpcore's `timeout` extension shape.

        A request's own `timeout` replaces connect, read and write; the pool wait stays the
        transport's, because it measures this process's concurrency, not the FortiGate.
        """
        if request_timeout is None:
            return {"connect": self.connect, "read": self.read, "write": self.write, "pool": self.pool}
        seconds = positive_seconds("Request.timeout", request_timeout)
        return {"connect": seconds, "read": seconds, "write": seconds, "pool": self.pool}


DEFAULT_TIMEOUTS = Timeouts()


def request_timeout(request: Request) -> float | None:
    """The request's own `timeout`, checked: every transport refuses a negative, NaN or infinite one."""
    return None if request.timeout is None else positive_seconds("Request.timeout", request.timeout)


def as_timeouts(timeout: float | Timeouts) -> Timeouts:
    """A `Timeouts` from the `timeout` option: one number applies to every phase."""
    if isinstance(timeout, Timeouts):
        return timeout
    return _uniform_timeouts(positive_seconds("timeout", timeout))


@lru_cache(maxsize=64)  # checked each time a client or transport is made; a Timeouts is immutable
def _uniform_timeouts(seconds: float) -> Timeouts:
    return Timeouts(connect=seconds, read=seconds, write=seconds, pool=seconds)


def checked_count(name: str, value: object, *, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ConfigurationError(f"{name} must be an integer >= {low}, got {value!r}")
    return value


def limits(max_response_bytes: int, max_header_bytes: int) -> Limits:
    """The size caps of an answer, checked."""
    return Limits(max_header_bytes=checked_count("max_header_bytes", max_header_bytes, low=1024),
                  max_body_bytes=checked_count("max_response_bytes", max_response_bytes, low=1))


def pool_limits(max_connections: int, max_keepalive_connections: int | None) -> tuple[int, int]:
    """(open at once, kept idle); idle keep-alive connections default to as many as may be open."""
    checked_count("max_connections", max_connections, low=1)
    if max_keepalive_connections is None:
        max_keepalive_connections = max_connections
    if (
        isinstance(max_keepalive_connections, bool)
        or not isinstance(max_keepalive_connections, int)
        or not 0 <= max_keepalive_connections <= max_connections
    ):
        raise ConfigurationError(
            "max_keepalive_connections must be an integer from 0 to max_connections "
            f"({max_connections}), got {max_keepalive_connections!r}"
        )
    return max_connections, max_keepalive_connections


def check_shared(*, verify: Verify = True, timeout: float | Timeouts = DEFAULT_TIMEOUTS, max_connections: int = 20,
                 ) -> None:
    """Check the options every transport shares, as each transport does at construction (a bad
    CA file, `verify=False`'s one warning): the facade checks them when the client is made and
    makes its transport at the first call."""
    as_timeouts(timeout)
    pool_limits(max_connections, None)
    TLSSettings(verify)


class TransportOptions(TypedDict, total=False):
    """The keyword options shared by every socket transport (see `H11Transport`)."""

    verify: bool | str | PathLike[str] | ssl.SSLContext
    timeout: float | Timeouts
    max_connections: int
    max_keepalive_connections: int | None


class HttpxOptions(TransportOptions, total=False):
    """The httpx transports' options: those of every transport, and an HTTP proxy."""

    proxy: str | None
