"""One HTTP/1.1 client connection, sans-IO, on h11: request -> bytes, bytes -> response.

Written once and driven by both backends (`h11_sync`, `h11_async`): they move bytes and
keep time; everything HTTP (framing, limits, whether the connection may be reused) is here.

    connection = HTTP11Connection(Limits())
    sock.sendall(connection.send_request(request, origin))
    while (response := connection.receive_data(sock.recv(65536))) is None:
        pass
    reusable = connection.start_next_cycle()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, urlsplit

import h11

from hfortix.core import Request, Response

from ._limits import MAX_BODY_BYTES, MAX_HEADER_BYTES, Limits
from ._simple_http import simple_message, simple_request_head
from ._version import user_agent

__all__ = [
    "MAX_BODY_BYTES", "MAX_HEADER_BYTES", "HTTP11Connection", "Limits", "Origin", "ProtocolFailure", "TooLarge",
    "origin_of", "request_head",
]

_DEFAULT_PORTS = {"http": 80, "https": 443}
_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})
# Characters h11 refuses in a request target (controls, space, non-ASCII): percent-encoded,
# as a browser or httpx would, while existing %XX escapes and reserved characters stay.
_NOT_IN_TARGET = re.compile(r"[^\x21-\x7e]")
_TARGET_SAFE = "!#$%&'()*+,/:;=?@[]~"


# The short way (see `_simple_http`): requests that never go it, and answers that never come it.
_NOT_SHORT_METHODS = frozenset({"HEAD", "CONNECT"})
_NOT_SHORT = frozenset({"connection", "transfer-encoding", "expect", "upgrade", "te"})
_NOT_SHORT_ANSWER = frozenset({b"connection", b"transfer-encoding"})
_NO_BODY_STATUSES = frozenset({204, 304})
_STATUS_LINE = re.compile(rb"HTTP/1\.1 ([2-5][0-9][0-9]) [\t\x20-\x7e]*\r\n")

@dataclass(frozen=True, slots=True)
class Origin:
    """Where a request goes: the pool key, the Host header and the TLS server name."""

    scheme: str
    host: str  # no brackets around an IPv6 address
    port: int

    @property
    def tls(self) -> bool:
        return self.scheme == "https"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


class ProtocolFailure(Exception):
    """The peer broke HTTP/1.1 (or hung up mid-answer); `args[0]` says how."""


class TooLarge(ProtocolFailure):
    """The answer's headers or body exceed the `Limits`."""


# A client sends the same few URLs again and again (a poll, a bulk create): splitting each
# anew cost more than the rest of the request head. Results are immutable; errors are not kept.
@lru_cache(maxsize=1024)
def origin_of(url: str) -> tuple[Origin, str]:
    """The origin and the request target (path and query, as sent) of an absolute URL.

    Raises ValueError for a URL that cannot be sent (no host, a bad port, another scheme).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValueError(f"unsupported URL scheme {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise ValueError("the URL has no host")
    port = parts.port or _DEFAULT_PORTS[scheme]  # .port raises ValueError when out of range
    target = parts.path or "/"
    if parts.query:
        target = f"{target}?{parts.query}"
    if _NOT_IN_TARGET.search(target):
        target = quote(target, safe=_TARGET_SAFE)
    return Origin(scheme, host, port), target


def request_head(request: Request, host_header: str) -> list[tuple[str, str]]:
    """The request's headers, in order and with repeats, plus only what HTTP/1.1 framing needs.

    Added when absent: `Host` (always first, as h11 writes it), `User-Agent: hfortix/<version>` and
    `Content-Length` for a body or a POST/PUT/PATCH. Nothing else: no Accept-Encoding (so
    the FortiGate never compresses and the body returned is the body sent), no Accept, no
    Connection, and never a Cookie: cookies are the protocol layer's business.
    """
    given = request.headers
    names = {name.lower() for name, _ in given}
    # Host goes first whoever set it: h11 writes it first on the wire (RFC 9110 advice).
    if "host" in names:
        headers = [pair for pair in given if pair[0].lower() == "host"]
        headers.extend(pair for pair in given if pair[0].lower() != "host")
    else:
        headers = [("Host", host_header), *given]
    if "user-agent" not in names:
        headers.append(("User-Agent", user_agent()))
    framed = "content-length" in names or "transfer-encoding" in names
    if not framed and (request.content or request.method in _METHODS_WITH_BODY):
        headers.append(("Content-Length", str(len(request.content))))
    return headers


def _text(value: bytes) -> str:
    try:
        return value.decode("ascii")
    except UnicodeDecodeError:  # rare: UTF-8 if it is, else Latin-1, which never fails
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")


class _Sent:
    """A request as one connection sends it: the short way's head (None: h11 writes it), and
    the h11 event, made once (h11 checks every header of every event it is made with)."""

    __slots__ = ("_event", "head", "headers", "key", "method", "target")

    def __init__(self, key: tuple[str, str, tuple[tuple[str, str], ...], int, str], request: Request,
                 target: str, host_header: str) -> None:
        self.key = key
        self.method, self.target = request.method, target
        self.headers = request_head(request, host_header)
        names = {name.lower() for name, _ in request.headers}
        short = request.method not in _NOT_SHORT_METHODS and not names & _NOT_SHORT
        # Written by us only when h11 would write the very same bytes and refuse none of them.
        self.head = simple_request_head(request.method, target, self.headers, len(request.content)) if short else None
        self._event: h11.Request | None = None

    def event(self) -> h11.Request:
        """The checked h11 event; raises h11.LocalProtocolError for a request h11 refuses."""
        if self._event is None:
            self._event = h11.Request(method=self.method, target=self.target, headers=self.headers)
        return self._event


class HTTP11Connection:
    """The HTTP side of one connection: one exchange at a time, then maybe the next.

    `send_request` returns the bytes to write; feed every read to `receive_data` (b"" at end
    of stream) until it returns the Response. It raises ProtocolFailure (or TooLarge) when the
    answer cannot be had. `start_next_cycle` says whether the connection may carry another
    exchange (both sides done and neither asked to close).
    """

    __slots__ = ("_body", "_h11", "_head", "_last", "_limits", "_short", "_short_done", "_size")

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        # h11 counts the incomplete head against this: it is our header size cap.
        self._h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=limits.max_header_bytes)
        self._head: h11.Response | None = None
        self._body: list[bytes] = []
        self._size = 0
        self._last: _Sent | None = None  # the last request, as sent
        # The short way: the request in flight went out without h11 (which stays idle); its
        # answer is read without h11 too if it comes whole and simple, else h11 catches up.
        self._short: tuple[_Sent, bytes] | None = None
        self._short_done = False

    def send_request(self, request: Request, target: str, host_header: str) -> bytes:
        """The request's bytes (head and body). Raises h11.LocalProtocolError for a bad header."""
        connection = self._h11
        # A poll sends the same request again and again: what was made for it last time serves
        # when nothing it is made of differs (the body only through its length).
        key = (request.method, target, request.headers, len(request.content), host_header)
        sent = self._last
        if sent is None or sent.key != key:
            sent = self._last = _Sent(key, request, target, host_header)
        if sent.head is not None and connection.our_state is h11.IDLE and connection.their_state is h11.IDLE:
            self._short = (sent, request.content)
            return sent.head + request.content  # what h11 writes: the head, then the body as it is
        head = connection.send(sent.event()) or b""
        body = connection.send(h11.Data(data=request.content)) if request.content else b""
        connection.send(h11.EndOfMessage())
        return head + body if body else head

    def receive_data(self, data: bytes) -> Response | None:
        """Take `data` from the peer (b"": it closed); the whole Response once it is here."""
        connection = self._h11
        if self._short is not None:
            sent, content = self._short
            self._short = None
            response = self._simple_response(data)
            if response is not None:
                self._short_done = True
                return response
            # Not whole, or not simple: h11 takes the answer, as if it had sent the request.
            connection.send(sent.event())
            if content:
                connection.send(h11.Data(data=content))
            connection.send(h11.EndOfMessage())
        try:
            connection.receive_data(data)
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    return None
                if type(event) is h11.Data:
                    self._take(event.data)
                elif type(event) is h11.Response:
                    self._head = event
                    self._check_head(event)
                elif type(event) is h11.EndOfMessage:
                    return self._response()
                elif type(event) is h11.ConnectionClosed:
                    raise ProtocolFailure("the server closed the connection before answering")
                # InformationalResponse (100 Continue and kin): the real answer follows
        except h11.RemoteProtocolError as exc:
            if self._head is None and connection.their_state is h11.SEND_RESPONSE and data == b"":
                raise ProtocolFailure("the server closed the connection without answering") from None
            if "buffer" in str(exc).lower() or exc.error_status_hint == 431:
                raise TooLarge(f"the response headers exceed {self._limits.max_header_bytes} bytes") from None
            if data == b"":
                raise ProtocolFailure("the server closed the connection in the middle of the answer") from None
            raise ProtocolFailure(f"the server broke HTTP/1.1: {exc}") from None

    def start_next_cycle(self) -> bool:
        """After a complete exchange: True if the connection may be used again."""
        if self._short_done:  # h11 never left IDLE
            self._short_done = False
            return True
        connection = self._h11
        if connection.our_state is h11.DONE and connection.their_state is h11.DONE:
            connection.start_next_cycle()
            self._head, self._body, self._size = None, [], 0
            return True
        return False

    def _simple_response(self, data: bytes) -> Response | None:
        """The answer `data` holds whole and alone, if h11 would read it the same and keep the
        connection (HTTP/1.1, Content-Length, simple header lines, within the limits); else None."""
        message = simple_message(data, _STATUS_LINE, self._limits.max_header_bytes)
        if message is None:
            return None
        line, pairs, length, body = message
        status = int(line.group(1))
        if status in _NO_BODY_STATUSES or length is None or length > self._limits.max_body_bytes:
            return None
        if any(name.lower() in _NOT_SHORT_ANSWER for name, _ in pairs):
            return None
        headers = tuple([(name.decode("ascii"), value.decode("ascii")) for name, value in pairs])
        return Response(status, headers, body)

    def _check_head(self, head: h11.Response) -> None:
        # h11 caps a head still arriving; one that came whole in a single read is measured here.
        size = 15 + len(head.reason) + sum(len(name) + len(value) + 4 for name, value in head.headers.raw_items())
        if size > self._limits.max_header_bytes:
            raise TooLarge(f"the response headers exceed {self._limits.max_header_bytes} bytes")

    def _take(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size > self._limits.max_body_bytes:
            raise TooLarge(f"the response body exceeds {self._limits.max_body_bytes} bytes")
        self._body.append(chunk)

    def _response(self) -> Response:
        head = self._head
        assert head is not None  # h11 sends EndOfMessage only after the Response
        if not 100 <= head.status_code <= 599:  # h11 accepts any three digits; we do not
            raise ProtocolFailure(f"the server answered with status {head.status_code}")
        raw = head.headers.raw_items()
        try:  # nearly always all ASCII: one pass, without a call per name and value
            headers = tuple([(name.decode("ascii"), value.decode("ascii")) for name, value in raw])
        except UnicodeDecodeError:
            headers = tuple((_text(name), _text(value)) for name, value in raw)
        body = self._body
        content = bytes(body[0]) if len(body) == 1 else b"".join(body)
        return Response(head.status_code, headers, content)
