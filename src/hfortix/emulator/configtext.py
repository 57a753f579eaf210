"""FortiOS configuration text, the syntax only: statements in, statements out.

A configuration file (what `execute backup` and `monitor/system/config/backup` give) is a
sequence of statements, one per line: `config <words>`, `edit <key>`, `set <field> <values>`,
`unset <field>`, `next`, `end`, and `#` comment lines at the top (`#config-version=…`).
Values are bare words (`accept`, `10.0.1.0 255.255.255.0`) or double-quoted strings in which
a backslash escapes the next character; a quoted string may span lines (certificates do).
Nesting is shown by four spaces per level; the reader ignores indentation.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["ConfigError", "Statement", "bare_value", "header", "quote", "statements"]

INDENT = "    "
_MAC = re.compile(r"[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PORTS = re.compile(r"\d+(-\d+)?(:\d+(-\d+)?)?")  # 80, 1-65535, 80:1024-65535 (and plain numbers)
_VERSION = re.compile(r"#config-version=[^-\n]+-(\d+\.\d+\.\d+)-[^\n]*?:vdom=(\d)")


class ConfigError(ValueError):
    """Configuration text that cannot be read or applied; says on which line and why."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"configuration line {line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Statement:
    line: int  # where it starts (1-based)
    words: tuple[str, ...]  # the verb first, then its arguments, quotes removed

    @property
    def verb(self) -> str:
        return self.words[0]

    @property
    def args(self) -> tuple[str, ...]:
        return self.words[1:]


def statements(text: str) -> Iterator[Statement]:
    """The statements of `text`, comment lines (a `#` first on a line) left out."""
    words: list[str] = []
    word: list[str] | None = None  # the word being read; None between words
    line = start = 1
    index, size = 0, len(text)

    def escaped() -> str:
        nonlocal index, line
        if index >= size:
            raise ConfigError(line, "the text ends inside a value")
        char = text[index]
        index += 1
        line += char == "\n"
        return char

    while index < size:
        char = text[index]
        index += 1
        if char in " \t\r\n":
            if word is not None:
                words.append("".join(word))
                word = None
            if char == "\n":
                if words:
                    yield Statement(start, tuple(words))
                    words = []
                line += 1
            continue
        if char == "#" and not words and word is None:  # a comment line
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        if word is None:
            word = []
            if not words:
                start = line
        if char == "\\":
            word.append(escaped())
        elif char == '"':
            opened = line
            while (char := escaped() if index < size else "") != '"':
                if not char:
                    raise ConfigError(opened, "a quoted value is not closed")
                word.append(escaped() if char == "\\" else char)
        else:
            word.append(char)
    if word is not None:
        words.append("".join(word))
    if words:
        yield Statement(start, tuple(words))


def quote(text: str) -> str:
    """`text` as a double-quoted configuration string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def bare_value(text: str) -> bool:
    """Whether FortiOS writes this value unquoted: addresses, masks, prefixes, MACs, UUIDs,
    port ranges; and several of them separated by single spaces ("10.0.1.0 255.255.255.0")."""
    return bool(text) and all(_bare_word(word) for word in text.split(" "))


def header(text: str) -> tuple[str | None, bool, str | None]:
    """(FortiOS version, whether it has VDOMs, the VDOM a VDOM backup is of) from the `#` lines."""
    match = _VERSION.search(text[:2000])
    vdom_backup = re.search(r"^#global_vdom=0:vd_name=([^/\n]+)/", text[:2000], re.MULTILINE)
    return (
        match.group(1) if match else None,
        bool(match and match.group(2) == "1"),
        vdom_backup.group(1) if vdom_backup else None,
    )


def _bare_word(word: str) -> bool:
    patterns = (_MAC, _UUID, _PORTS)
    return _address(word) or _network(word) or any(pattern.fullmatch(word) for pattern in patterns)


def _address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _network(text: str) -> bool:
    if "/" not in text:
        return False
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        return False
    return True
