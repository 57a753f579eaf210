"""The emulator's short way for the requests that make nearly all of its traffic.

h11 costs the emulator about a third of its CPU per request (a status poll, a create), more
than its FortiOS app. Most requests are the same simple shape: one whole request in one read,
`GET`/`DELETE` without a body or `POST`/`PUT` with a Content-Length body that came with it,
HTTP/1.1 with the connection kept alive. `simple_request` recognises exactly that shape, more
strictly than h11 reads it, and returns what h11 would have made of it; for anything else
(a partial head, a pipelined request, chunked bodies, `Expect`, `Connection`, `Upgrade`, an
odd character, HTTP/1.0) it returns None and the server hands the bytes to h11 as before. h11
stays idle during a short exchange, so the next request finds it as if it had served this one.

Answers on the short way are written with the head h11 writes for them (`head_bytes` asks a
scratch h11 connection once per distinct head), so the bytes on the wire are h11's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import h11

from hfortix.transports._simple_http import simple_message

__all__ = ["SimpleRequest", "head_bytes", "simple_request"]

_REQUEST_LINE = re.compile(rb"(GET|DELETE|POST|PUT) (/[\x21-\x7e]*) HTTP/1\.1\r\n")
# Any of these asks for more than the short way does (framing, keep-alive, protocol switches).
_FOR_H11 = frozenset({b"transfer-encoding", b"connection", b"expect", b"upgrade", b"te", b"trailer"})


@dataclass(frozen=True, slots=True)
class SimpleRequest:
    method: str
    target: str
    headers: list[tuple[str, str]]  # names lower-cased, as h11 gives them
    body: bytes


def simple_request(data: bytes, max_head_bytes: int, max_body_bytes: int) -> SimpleRequest | None:
    """The request `data` holds, whole and alone, if it has the simple shape; else None."""
    message = simple_message(data, _REQUEST_LINE, max_head_bytes)
    if message is None:
        return None
    line, pairs, length, body = message
    headers: list[tuple[str, str]] = []
    hosts = 0
    for raw_name, value in pairs:
        name = raw_name.lower()
        if name in _FOR_H11 and not (name == b"connection" and value.lower() == b"keep-alive"):
            return None
        hosts += name == b"host"
        headers.append((name.decode("ascii"), value.decode("ascii")))
    method = line.group(1).decode("ascii")
    if hosts != 1 or len(body) > max_body_bytes:
        return None
    if length is not None and method not in ("POST", "PUT"):
        return None  # a GET or DELETE with a declared body: h11's business
    return SimpleRequest(method, line.group(2).decode("ascii"), headers, body)


def head_bytes(event: h11.Response) -> bytes:
    """What h11 writes for `event` answering a plain HTTP/1.1 GET on a kept-alive connection."""
    scratch = h11.Connection(h11.SERVER)
    scratch.receive_data(b"GET / HTTP/1.1\r\nHost: emulator\r\n\r\n")
    scratch.next_event()
    return scratch.send(event) or b""
