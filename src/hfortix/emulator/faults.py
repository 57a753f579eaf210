"""Fault injection for the emulator: slow answers, errors, 429 bursts, resets, truncation, stalls.

Two ways to make requests fail, usable together:

* **Rates** (`Faults`): each eligible request draws from a `random.Random(seed)`. The k-th
  request always gets the k-th draw, so the same seed and the same request sequence give the
  same faults. Every request consumes the same number of draws whatever the configuration,
  so changing one rate never reshuffles the others.
* **A script** (`FaultInjector.next`): "the next N matching requests fail this way". Client
  retry tests need this exact control; scripted faults win over rates.

Which requests are eligible: every `/api/...` request except `/api/v2/authentication` (the
JSON login and logout). Login is left alone so a session client under random faults can
still log in, and so that a scripted "next request fails" hits the data call the test is
about rather than the login in front of it. `/logincheck` and `/logout` are not under
`/api/` and are not eligible either. A scripted fault with an explicit `path` prefix matches
any path, login included, for tests of login failure handling. Latency and jitter are not
failures: they slow down every request, like a busy device.

The server (`hfortix.emulator.server`) carries out what `decide()` returns; this module does
no I/O.
"""

from __future__ import annotations

import json
import math
import random
import threading
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import parse_qsl

__all__ = [
    "FAULT_KINDS",
    "Decision",
    "FaultInjector",
    "FaultKind",
    "Faults",
    "Identity",
    "RateLimitBurst",
    "ScriptedFault",
    "error_reply",
    "fault_reply",
    "is_eligible",
    "parse_rate_limit",
]

FaultKind = Literal["500", "503", "429", "reset", "truncate", "stall", "drop"]
"""What happens to one request.

* ``"500"``, ``"503"``: a FortiOS-like JSON error envelope with that status.
* ``"429"``: a FortiOS-like 429 envelope with ``Retry-After: <seconds>``.
* ``"reset"``: the headers and part of the body are sent, then the TCP connection is reset (RST).
* ``"truncate"``: ``Content-Length`` promises the whole body, part of it is sent, then the
  connection is closed normally (FIN).
* ``"stall"``: nothing is sent; the connection is held until the client gives up or
  ``stall_seconds`` pass, then closed without an answer.
* ``"drop"``: the connection is closed at once without an answer (a stale keep-alive
  connection, as a client sees it).
"""
FAULT_KINDS: tuple[str, ...] = get_args(FaultKind)

AUTHENTICATION_PATH = "/api/v2/authentication"


def _check_number(name: str, value: object, *, low: float, high: float = math.inf) -> None:
    # bool is an int subclass: `latency_ms=True` is a mistake, not a millisecond
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not low <= value <= high:  # also rejects NaN
        bounds = f"between {low} and {high}" if high != math.inf else f"at least {low}"
        raise ValueError(f"{name} must be {bounds}, got {value!r}")


def _check_int(name: str, value: object, *, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an integer, not {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, got {value}")


@dataclass(frozen=True)
class RateLimitBurst:
    """Every `every`-th eligible request starts a burst of `length` consecutive 429 answers.

    Counting is by eligible request, not by time, so it is deterministic: with
    ``RateLimitBurst(every=10, length=3)`` requests 10, 11, 12, 20, 21, 22, … get 429.
    ``retry_after`` (whole seconds, as HTTP requires) goes into the ``Retry-After`` header.
    """

    every: int
    length: int = 1
    retry_after: int = 1

    def __post_init__(self) -> None:
        _check_int("rate limit 'every'", self.every, low=1)
        _check_int("rate limit 'length'", self.length, low=1)
        _check_int("rate limit 'retry_after'", self.retry_after, low=0)
        if self.length > self.every:
            raise ValueError(
                f"rate limit 'length' ({self.length}) cannot exceed 'every' ({self.every}): "
                "a burst would start before the previous one ended"
            )


def parse_rate_limit(text: str) -> RateLimitBurst:
    """Parse ``EVERY[:LENGTH[:RETRY_AFTER]]`` (the CLI's ``--rate-limit``), e.g. ``100:3:1``."""
    parts = text.split(":")
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"rate limit {text!r} is not EVERY[:LENGTH[:RETRY_AFTER]]")
    try:
        numbers = [int(part) for part in parts]
    except ValueError:
        raise ValueError(f"rate limit {text!r}: EVERY, LENGTH, RETRY_AFTER must be whole numbers") from None
    return RateLimitBurst(*numbers)


@dataclass(frozen=True)
class Faults:
    """What fraction of requests fail, and how; all zero means a well-behaved FortiGate.

    The four rates are exclusive (a request suffers at most one of them), so their sum may
    not exceed 1. `error_rate` answers 500 or 503 with equal odds. `stall_seconds` is how
    long a stalled connection is held before the server gives up and closes it.
    """

    latency_ms: float = 0
    jitter_ms: float = 0
    error_rate: float = 0.0
    rate_limit_burst: RateLimitBurst | None = None
    reset_rate: float = 0.0
    truncate_rate: float = 0.0
    stall_rate: float = 0.0
    stall_seconds: float = 30.0

    def __post_init__(self) -> None:
        _check_number("latency_ms", self.latency_ms, low=0)
        _check_number("jitter_ms", self.jitter_ms, low=0)
        for name in ("error_rate", "reset_rate", "truncate_rate", "stall_rate"):
            _check_number(name, getattr(self, name), low=0, high=1)
        total = self.error_rate + self.reset_rate + self.truncate_rate + self.stall_rate
        if total > 1 + 1e-9:
            raise ValueError(
                f"error_rate + reset_rate + truncate_rate + stall_rate is {total:g}; it must be at most 1 "
                "(each request suffers at most one fault)"
            )
        _check_number("stall_seconds", self.stall_seconds, low=0)
        if self.rate_limit_burst is not None and not isinstance(self.rate_limit_burst, RateLimitBurst):
            kind = type(self.rate_limit_burst).__name__
            raise TypeError(f"rate_limit_burst must be a RateLimitBurst or None, not {kind}")


@dataclass(frozen=True, slots=True)
class Decision:
    """What the server does with one request: wait `delay` seconds, then fail as `kind` (or answer)."""

    delay: float = 0.0
    kind: FaultKind | None = None
    retry_after: int | None = None
    stall_seconds: float = 0.0


NO_FAULT = Decision()


@dataclass(slots=True)
class ScriptedFault:
    """One entry of the script: the next `remaining` requests matching `method`/`path` fail as `kind`."""

    kind: FaultKind
    remaining: int
    method: str | None = None
    path: str | None = None
    retry_after: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method != method:
            return False
        if self.path is None:
            return is_eligible(path)
        return path.startswith(self.path)


def is_eligible(path: str) -> bool:
    """Whether rate-based and unfiltered scripted faults apply to this path (see the module doc)."""
    return path.startswith("/api/") and not path.startswith(AUTHENTICATION_PATH)


class FaultInjector:
    """Decides, per request, whether and how it fails. Thread-safe: tests script it from their own thread.

    `config` (a `Faults`) may be replaced while the server runs. `injected` counts the faults
    decided so far, by kind.
    """

    def __init__(self, config: Faults | None = None, *, seed: int = 0) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"seed must be an integer, not {type(seed).__name__}")
        self._lock = threading.Lock()
        self._config = _checked_config(config if config is not None else Faults())
        self.seed = seed
        self.injected: Counter[str] = Counter()
        self._random = random.Random(seed)
        self._script: list[ScriptedFault] = []
        self._eligible_seen = 0
        self._burst_left = 0

    @property
    def config(self) -> Faults:
        return self._config

    @config.setter
    def config(self, config: Faults) -> None:
        config = _checked_config(config)
        with self._lock:
            self._config = config

    def __repr__(self) -> str:
        return f"FaultInjector({self._config!r}, seed={self.seed}, pending={self.pending})"

    def next(
        self,
        kind: FaultKind | str | int,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Make the next `count` matching requests fail as `kind` (see `FaultKind`).

        `method` (e.g. ``"POST"``) and `path` (a prefix of the URL path, e.g.
        ``"/api/v2/cmdb/firewall/address"``) narrow which requests count. `retry_after`
        (seconds) adds a ``Retry-After`` header to a 429 (default 1) or a 503 (default none).
        Entries queue up: ``next("503"); next("429")`` fails the next request with 503 and the
        one after with 429.
        """
        kind = str(kind)
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")
        _check_int("count", count, low=1)
        if retry_after is not None:
            _check_int("retry_after", retry_after, low=0)
            if kind not in ("429", "503"):
                raise ValueError(f"retry_after applies to 429 and 503 faults, not {kind!r}")
        if method is not None and (not isinstance(method, str) or not method.isalpha()):
            raise ValueError(f"method must be an HTTP method name such as 'GET', got {method!r}")
        if path is not None and (not isinstance(path, str) or not path.startswith("/")):
            raise ValueError(f"path must be a URL path prefix starting with '/', got {path!r}")
        entry = ScriptedFault(
            kind,  # type: ignore[arg-type]  # checked against FAULT_KINDS above
            count,
            method.upper() if method else None,
            path,
            retry_after,
        )
        with self._lock:
            self._script.append(entry)

    def clear(self) -> None:
        """Drop every scripted fault not yet used (the rates in `config` stay)."""
        with self._lock:
            self._script.clear()

    @property
    def pending(self) -> int:
        """How many scripted faults are still waiting for a request."""
        with self._lock:
            return sum(entry.remaining for entry in self._script)

    def decide(self, method: str, path: str) -> Decision:
        """The fate of one request; called by the server for every request, in arrival order."""
        with self._lock:
            config = self._config
            # Always three draws, so the k-th request gets the same draws whatever the config.
            draw = self._random.random
            jitter_draw, fault_draw, status_draw = draw(), draw(), draw()
            delay = (config.latency_ms + jitter_draw * config.jitter_ms) / 1000.0
            kind, retry_after = self._scripted(method, path)
            eligible = is_eligible(path)
            if eligible:
                rate_limited = self._count_for_rate_limit(config.rate_limit_burst)
                if kind is None and rate_limited:
                    kind = "429"
                    retry_after = config.rate_limit_burst.retry_after  # type: ignore[union-attr]
                if kind is None:
                    kind = _by_rate(config, fault_draw, status_draw)
            if kind is None:
                return NO_FAULT if delay == 0 else Decision(delay=delay)
            if kind == "429" and retry_after is None:
                retry_after = 1
            self.injected[kind] += 1
            return Decision(delay, kind, retry_after, config.stall_seconds)

    def _scripted(self, method: str, path: str) -> tuple[FaultKind | None, int | None]:
        for index, entry in enumerate(self._script):
            if entry.matches(method, path):
                entry.remaining -= 1
                if entry.remaining == 0:
                    del self._script[index]
                return entry.kind, entry.retry_after
        return None, None

    def _count_for_rate_limit(self, burst: RateLimitBurst | None) -> bool:
        self._eligible_seen += 1
        if burst is None:
            self._burst_left = 0
            return False
        if self._burst_left == 0 and self._eligible_seen % burst.every == 0:
            self._burst_left = burst.length
        if self._burst_left:
            self._burst_left -= 1
            return True
        return False


def _checked_config(config: object) -> Faults:
    if not isinstance(config, Faults):
        raise TypeError(f"fault configuration must be a Faults instance, not {type(config).__name__}")
    return config


def _by_rate(config: Faults, draw: float, status_draw: float) -> FaultKind | None:
    threshold = config.stall_rate
    if draw < threshold:
        return "stall"
    threshold += config.reset_rate
    if draw < threshold:
        return "reset"
    threshold += config.truncate_rate
    if draw < threshold:
        return "truncate"
    threshold += config.error_rate
    if draw < threshold:
        return "500" if status_draw < 0.5 else "503"
    return None


@dataclass(frozen=True)
class Identity:
    """What every FortiOS envelope says about the device that answered."""

    serial: str = "FGVM02TM00000001"
    version: str = "v7.6.5"
    build: int = 0
    vdom: str = "root"


def fault_reply(
    decision: Decision, method: str, target: str, identity: Identity
) -> tuple[int, list[tuple[str, str]], bytes]:
    """The (status, headers, body) of a "500", "503" or "429" fault."""
    if decision.kind not in ("500", "503", "429"):
        raise ValueError(f"a {decision.kind!r} fault has no error answer")
    return error_reply(int(decision.kind), method, target, identity, retry_after=decision.retry_after)


def error_reply(
    status: int,
    method: str,
    target: str,
    identity: Identity,
    *,
    retry_after: int | None = None,
    extra: Mapping[str, object] | None = None,
) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body) of a FortiOS error envelope, for answers the server makes itself."""
    path, _, query = target.partition("?")
    parts = [part for part in path.split("/") if part]
    envelope: dict[str, object] = {"http_method": method, "status": "error", "http_status": status}
    if extra:
        envelope.update(extra)
    envelope["vdom"] = _query_value(query, "vdom") or identity.vdom
    # /api/v2/<api>/<path>/<name>[/...]: FortiOS echoes path and name in every envelope
    if len(parts) >= 5 and parts[0] == "api":
        envelope["path"], envelope["name"] = parts[3], parts[4]
    envelope.update(serial=identity.serial, version=identity.version, build=identity.build)
    body = json.dumps(envelope, indent=2).encode()
    headers = [("content-type", "application/json"), ("cache-control", "no-cache")]
    if retry_after is not None:
        headers.append(("retry-after", str(retry_after)))
    return status, headers, body


def _query_value(query: str, name: str) -> str | None:
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == name:
            return value
    return None
