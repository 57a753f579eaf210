"""Header lines of the simple shape, read (and a request head written) without h11: the short
way's one parser.

h11 costs a third of a request's CPU on either side of a poll. Both the client connection
(`_http11`) and the emulator's server read a message the short way only when it is whole,
alone, and of a shape h11 reads the same (HTTP/1.1, Content-Length framing, visible-ASCII
header values, no folding); whatever else arrives goes to h11, which stays the authority.
The client writes a request head of that shape itself too (`simple_request_head`), as h11
would, so a new connection's first request skips h11's checks as the later ones do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["header_lines", "simple_message", "simple_request_head"]

_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
_VALUE = rb"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*"  # visible ASCII with inner spaces: no obs-text
_LINE = re.compile(rb"(" + _TOKEN + rb"):[ \t]*(" + _VALUE + rb")?[ \t]*\r\n")
_LINES = re.compile(rb"(?:" + _TOKEN + rb":[ \t]*(?:" + _VALUE + rb")?[ \t]*\r\n)*\r\n")
_DIGITS = re.compile(rb"[0-9]{1,15}")
# The same shapes for a request about to be written (text).
_NAME_TEXT = re.compile(_TOKEN.decode("ascii"))
_VALUE_TEXT = re.compile(f"(?:{_VALUE.decode('ascii')})?")
_TARGET_TEXT = re.compile(r"[\x21-\x7e]+")


def simple_request_head(method: str, target: str, fields: Sequence[tuple[str, str]], body_length: int
                        ) -> bytes | None:
    """The head h11 writes for this request, if every part of it has the simple shape (a token
    method, a visible-ASCII target, token names, visible-ASCII values with inner spaces, one
    Host, at most one Content-Length, exactly `body_length`, no Transfer-Encoding); else None.
    h11 refuses none of those and writes them as they are, Host first."""
    if not _NAME_TEXT.fullmatch(method) or not _TARGET_TEXT.fullmatch(target):
        return None
    hosts: list[str] = []
    others: list[str] = []
    length: str | None = None
    for name, value in fields:
        if not _NAME_TEXT.fullmatch(name) or not _VALUE_TEXT.fullmatch(value):
            return None
        lowered = name.lower()
        if lowered == "transfer-encoding" or (lowered == "content-length" and length is not None):
            return None
        if lowered == "content-length":
            length = value
        (hosts if lowered == "host" else others).append(f"{name}: {value}\r\n")
    if len(hosts) != 1 or ("0" if length is None else length) != str(body_length):
        return None
    return f"{method} {target} HTTP/1.1\r\n{hosts[0]}{''.join(others)}\r\n".encode("ascii")


def header_lines(data: bytes, start: int, end: int) -> list[tuple[bytes, bytes]] | None:
    """The (name, value) pairs of the header lines in data[start:end] (which ends with the
    empty line), values without surrounding whitespace; None unless every line is simple."""
    if not _LINES.fullmatch(data, start, end):
        return None
    return [(match.group(1), match.group(2) or b"") for match in _LINE.finditer(data, start, end - 2)]


def simple_message(data: bytes, start_line: re.Pattern[bytes], max_head_bytes: int
                   ) -> tuple[re.Match[bytes], list[tuple[bytes, bytes]], int | None, bytes] | None:
    """The message `data` holds whole and alone, in the simple shape: the match of its start
    line, its header lines, its one Content-Length (None: it has none) and its body, exactly
    that long (empty without one). None for anything else: a partial or oversized head, a
    line that is not simple, a second or malformed Content-Length, bytes past the body."""
    end = data.find(b"\r\n\r\n")
    if end < 0 or end + 4 > max_head_bytes:
        return None
    line = start_line.match(data)
    pairs = None if line is None else header_lines(data, line.end(), end + 4)
    if line is None or pairs is None:
        return None
    length: int | None = None
    for name, value in pairs:
        if name.lower() == b"content-length":
            if length is not None or not _DIGITS.fullmatch(value):
                return None
            length = int(value)
    body = data[end + 4:]
    if len(body) != (length or 0):
        return None
    return line, pairs, length, body
