"""The connection pool's bookkeeping, written once for both backends: no I/O, no locks.

Who may open a connection, which idle one to reuse, who waits and who is served next.
The sync backend calls it under a lock, the async one from its single event-loop thread;
both close what it hands back for closing, outside any lock.

* Bounded: at most `max_connections` open or being opened, per transport.
* O(1): idle connections sit in a deque per origin (reused from the newest end, expired from
  the oldest), waiters in one FIFO deque; a cancelled waiter is skipped when its turn comes.
* A connection is returned only after a complete exchange that both sides want to keep; any
  other outcome discards it (`release(None)`), which frees its slot for the next waiter.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable
from typing import Generic, Protocol, TypeVar

__all__ = ["NEW", "Pool", "Pooled", "Waiter"]


class Pooled(Protocol):
    """What the pool needs of a connection."""

    origin: Hashable
    idle_since: float


C = TypeVar("C", bound=Pooled)


class _New:
    """A grant of a free slot: the holder opens a new connection."""

    def __repr__(self) -> str:
        return "NEW"


NEW = _New()


class Waiter(Generic[C]):
    """One caller waiting for a connection; `wake` is the backend's way to rouse it."""

    __slots__ = ("abandoned", "granted", "origin", "wake")

    def __init__(self, origin: Hashable, wake: Callable[[], None]) -> None:
        self.origin = origin
        self.wake = wake
        self.granted: C | _New | None = None
        self.abandoned = False


class Pool(Generic[C]):
    def __init__(self, max_connections: int, max_idle: int, keepalive_expiry: float) -> None:
        self.max_connections = max_connections
        self.max_idle = max_idle
        self.keepalive_expiry = keepalive_expiry
        self.opened = 0  # open, being opened, or granted to someone about to open one
        self._idle: dict[Hashable, deque[C]] = {}
        self._idle_count = 0
        self._waiters: deque[Waiter[C]] = deque()

    @property
    def idle_count(self) -> int:
        return self._idle_count

    def checkout(self, origin: Hashable, now: float, closing: list[C]) -> C | _New | None:
        """An idle connection to `origin`, NEW (a slot is reserved), or None: wait in line.

        Idle connections past their expiry go to `closing`, for the caller to close.
        """
        waiters = self._waiters
        while waiters and waiters[0].abandoned:
            waiters.popleft()
        idle = self._idle.get(origin)
        if idle:
            self._expire(idle, now, closing)
            if idle:
                self._idle_count -= 1
                return idle.pop()
        # A live waiter exists only while every slot is taken: newcomers queue behind it.
        if self.opened < self.max_connections and not waiters:
            self.opened += 1
            return NEW
        if self._idle_count and not waiters:  # full of idle connections to other origins
            closing.append(self._evict_one())
            return NEW  # the evicted connection's slot passes to the caller
        return None

    def wait(self, waiter: Waiter[C]) -> None:
        self._waiters.append(waiter)

    def release(self, connection: C | None, now: float, closing: list[C]) -> None:
        """A finished exchange: keep `connection` (None: it was closed) or pass it on."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if waiter.abandoned:
                continue
            if connection is not None and connection.origin != waiter.origin:
                closing.append(connection)
                connection = None
            waiter.granted = connection if connection is not None else NEW
            waiter.wake()
            return
        if connection is None:
            self.opened -= 1
        elif self._idle_count >= self.max_idle:
            self.opened -= 1
            closing.append(connection)
        else:
            connection.idle_since = now
            self._idle.setdefault(connection.origin, deque()).append(connection)
            self._idle_count += 1

    def abandon(self, waiter: Waiter[C], now: float, closing: list[C]) -> None:
        """A waiter gave up (timeout, cancellation): what it was granted goes to the next in line."""
        waiter.abandoned = True
        granted, waiter.granted = waiter.granted, None
        if granted is NEW:
            self.release(None, now, closing)
        elif granted is not None:
            self.release(granted, now, closing)  # type: ignore[arg-type]

    def take_all_idle(self) -> list[C]:
        """Every idle connection, removed from the pool (closing the transport)."""
        connections = [connection for idle in self._idle.values() for connection in idle]
        self._idle.clear()
        self.opened -= self._idle_count
        self._idle_count = 0
        return connections

    def _expire(self, idle: deque[C], now: float, closing: list[C]) -> None:
        while idle and now - idle[0].idle_since > self.keepalive_expiry:
            closing.append(idle.popleft())
            self._idle_count -= 1
            self.opened -= 1

    def _evict_one(self) -> C:
        for origin, idle in self._idle.items():
            if idle:
                self._idle_count -= 1
                connection = idle.popleft()
                if not idle:
                    del self._idle[origin]
                return connection
        raise AssertionError("no idle connection to evict")
