"""One attempt of one request, as both h11 backends see it: its deadlines and its failures.

Every phase has a deadline, never a per-read timeout: a server that drips one byte at a
time cannot stretch an attempt. A request's own `timeout` is one deadline for the whole
attempt (connect, send, answer); without it each phase has its `Timeouts` value. The pool
wait is separate: it measures this process's concurrency, not the peer.
"""

from __future__ import annotations

from hfortix.core import Request, errors

from ._errors import ResponseTooLargeError, certificate_failure, describe, transport_error
from ._http11 import ProtocolFailure, TooLarge
from ._options import Timeouts, request_timeout

__all__ = ["Attempt"]

_PHASES = {
    "connect": "connect timeout: no connection within",
    "tls": "connect timeout: no TLS handshake within",
    "write": "write timeout: the request was not sent within",
    "read": "read timeout: no complete answer within",
}


class Attempt:
    """Deadlines (on the backend's clock) and error building for one request."""

    __slots__ = ("_end", "_limit", "_timeouts", "request", "sent")

    def __init__(self, request: Request, timeouts: Timeouts, now: float) -> None:
        self.request = request
        self._timeouts = timeouts
        self._limit = request_timeout(request)  # checked: a bad value is a ConfigurationError
        self._end = None if self._limit is None else now + self._limit
        self.sent = False  # has any byte of the request been handed to the socket?

    def deadline(self, phase: str, now: float) -> float:
        """When `phase` ("connect", "tls", "write", "read") starting `now` must be over."""
        if self._end is not None:
            return self._end
        return now + self.seconds(phase)

    def seconds(self, phase: str) -> float:
        """How long `phase` may take: the request's own timeout, or the transport's for the phase."""
        if self._limit is not None:
            return self._limit
        seconds: float = getattr(self._timeouts, "connect" if phase == "tls" else phase)
        return seconds

    def timeout(self, phase: str) -> errors.TimeoutError:
        what = f"{_PHASES[phase]} {self.seconds(phase):g} s"
        if self._limit is not None:
            what += " (the request's timeout)"
        return transport_error(errors.TimeoutError, self.request, what, sent=self.sent)

    def pool_timeout(self) -> errors.TimeoutError:
        what = f"pool timeout (no free connection) within {self._timeouts.pool:g} s"
        return transport_error(errors.TimeoutError, self.request, what, sent=False)

    def failure(self, exc: BaseException) -> errors.TransportError:
        """The hfortix error for an OSError, an SSL error or a broken answer."""
        if isinstance(exc, TooLarge):
            return transport_error(ResponseTooLargeError, self.request, str(exc), sent=self.sent)
        if isinstance(exc, ProtocolFailure):
            return transport_error(errors.ConnectionError, self.request, str(exc), sent=self.sent)
        what = "connection failed" if self.sent else "could not connect"
        kind = errors.CertificateError if certificate_failure(exc) else errors.ConnectionError
        return transport_error(kind, self.request, f"{what}: {describe(exc)}", sent=self.sent)

    def unsendable(self, exc: BaseException) -> errors.ConnectionError:
        """The request itself cannot go out (a bad URL, a header with a line break)."""
        return transport_error(errors.ConnectionError, self.request, f"the request cannot be sent: {exc}", sent=False)
