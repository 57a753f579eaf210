"""Header lines of the simple shape, read without h11: the short way's one parser.

h11 costs a third of a request's CPU on either side of a poll. Both the client connection
(`_http11`) and the emulator's server read a message the short way only when it is whole,
alone, and of a shape h11 reads the same (HTTP/1.1, Content-Length framing, visible-ASCII
header values, no folding); whatever else arrives goes to h11, which stays the authority.
"""

from __future__ import annotations

import re

__all__ = ["header_lines"]

_TOKEN = rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+"
_VALUE = rb"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*"  # visible ASCII with inner spaces: no obs-text
_LINE = re.compile(rb"(" + _TOKEN + rb"):[ \t]*(" + _VALUE + rb")?[ \t]*\r\n")
_LINES = re.compile(rb"(?:" + _TOKEN + rb":[ \t]*(?:" + _VALUE + rb")?[ \t]*\r\n)*\r\n")


def header_lines(data: bytes, start: int, end: int) -> list[tuple[bytes, bytes]] | None:
    """The (name, value) pairs of the header lines in data[start:end] (which ends with the
    empty line), values without surrounding whitespace; None unless every line is simple."""
    if not _LINES.fullmatch(data, start, end):
        return None
    return [(match.group(1), match.group(2) or b"") for match in _LINE.finditer(data, start, end - 2)]
