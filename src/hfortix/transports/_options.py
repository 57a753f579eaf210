"""The options every socket transport accepts, validated once at construction."""

from __future__ import annotations

import math
import ssl
from dataclasses import dataclass
from os import PathLike
from typing import TypedDict

import httpx

from hfortix.core.errors import ConfigurationError

__all__ = ["DEFAULT_TIMEOUTS", "Timeouts", "TransportOptions", "as_timeouts", "pool_limits"]


def _positive_seconds(name: str, value: object) -> float:
    # bool is an int subclass; `timeout=True` is a mistake, not one second.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if not (value > 0 and math.isfinite(value)):
        raise ConfigurationError(f"{name} must be a positive, finite number of seconds, got {value!r}")
    return float(value)


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long each phase of a request may take, in seconds.

    `connect`: TCP connect plus TLS handshake. `read`/`write`: the longest wait for the next
    bytes from / to the peer (not the whole transfer). `pool`: the longest wait for a free
    connection when `max_connections` are busy. There is deliberately no "wait forever".
    """

    connect: float = 10.0
    read: float = 60.0
    write: float = 60.0
    pool: float = 60.0

    def __post_init__(self) -> None:
        for name in ("connect", "read", "write", "pool"):
            object.__setattr__(self, name, _positive_seconds(f"Timeouts.{name}", getattr(self, name)))

    def for_request(self, request_timeout: float | None) -> dict[str, float]:
        """The per-phase timeouts for one request, in httpcore's `timeout` extension shape.

        A request's own `timeout` replaces connect, read and write; the pool wait stays the
        transport's, because it measures this process's concurrency, not the FortiGate.
        """
        if request_timeout is None:
            return {"connect": self.connect, "read": self.read, "write": self.write, "pool": self.pool}
        seconds = _positive_seconds("Request.timeout", request_timeout)
        return {"connect": seconds, "read": seconds, "write": seconds, "pool": self.pool}


DEFAULT_TIMEOUTS = Timeouts()


def as_timeouts(timeout: float | Timeouts) -> Timeouts:
    """A `Timeouts` from the `timeout` option: one number applies to every phase."""
    if isinstance(timeout, Timeouts):
        return timeout
    seconds = _positive_seconds("timeout", timeout)
    return Timeouts(connect=seconds, read=seconds, write=seconds, pool=seconds)


def pool_limits(max_connections: int, max_keepalive_connections: int | None) -> httpx.Limits:
    """httpx pool limits; idle keep-alive connections default to as many as may be open."""
    if isinstance(max_connections, bool) or not isinstance(max_connections, int) or max_connections < 1:
        raise ConfigurationError(f"max_connections must be an integer >= 1, got {max_connections!r}")
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
    return httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_keepalive_connections)


class TransportOptions(TypedDict, total=False):
    """The keyword options shared by every socket transport (see `HTTPTransport`)."""

    verify: bool | str | PathLike[str] | ssl.SSLContext
    timeout: float | Timeouts
    max_connections: int
    max_keepalive_connections: int | None
