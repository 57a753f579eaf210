"""Header lines of the simple shape, read without h11: the short way's one parser.

h11 costs a third of a request's CPU on either side of a poll. Both the client connection
(`_http11`) and the emulator's server read a message the short way only when it is whole,
alone, and of a shape h11 reads the same (HTTP/1.1, Content-Length framing, visible-ASCII
header values, no folding); whatever else arrives goes to h11, which stays the authority.
"""

from __future__ import annotations

import re

__all__ = ["header_lines", "simple_message"]

_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
_VALUE = rb"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*"  # visible ASCII with inner spaces: no obs-text
_LINE = re.compile(rb"(" + _TOKEN + rb"):[ \t]*(" + _VALUE + rb")?[ \t]*\r\n")
_LINES = re.compile(rb"(?:" + _TOKEN + rb":[ \t]*(?:" + _VALUE + rb")?[ \t]*\r\n)*\r\n")
_DIGITS = re.compile(rb"[0-9]{1,15}")


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
