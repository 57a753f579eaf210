"""The incoming request, read from the wire form with urllib only (never the client's code).

The path is split on "/" before percent-decoding, so an mkey sent as `web%2Fserver` stays one
segment and becomes the key "web/server".
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import bad_request


# Clients send the same few targets again and again (a poll, the pages of a list): each is
# split and decoded once. Results are immutable; an error is not kept.
@lru_cache(maxsize=1024)
def _split_target(target: str) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The raw path, its decoded segments (empty ones dropped) and the decoded query of `target`."""
    parts = urlsplit(target)
    segments = tuple(unquote(segment, errors="replace") for segment in parts.path.split("/") if segment)
    return parts.path, segments, tuple(parse_qsl(parts.query, keep_blank_values=True, errors="replace"))


@dataclass(slots=True)
class Incoming:
    method: str
    path: str  # raw path, still percent-encoded
    segments: list[str]  # decoded, empty segments (double or trailing slashes) dropped
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-cased names
    cookies: dict[str, str]
    body: bytes
    _json: Any = field(default=None, repr=False)

    @classmethod
    def parse(cls, method: str, target: str, headers: Sequence[tuple[str, str]], body: bytes) -> Incoming:
        path, split_segments, split_query = _split_target(target)
        segments, query = list(split_segments), list(split_query)  # the request's own, to slice or change
        header_map: dict[str, str] = {}
        for name, value in headers:
            lowered = name.lower()
            header_map[lowered] = f"{header_map[lowered]}, {value}" if lowered in header_map else value
        cookies: dict[str, str] = {}
        for name, value in headers:
            if name.lower() == "cookie":
                for pair in value.split(";"):
                    cookie_name, equals, cookie_value = pair.strip().partition("=")
                    if equals:
                        cookie_value = cookie_value.strip()
                        if len(cookie_value) >= 2 and cookie_value[0] == cookie_value[-1] == '"':
                            cookie_value = cookie_value[1:-1]
                        cookies[cookie_name.strip()] = cookie_value
        return cls(method.upper(), path, segments, query, header_map, cookies, body)

    def param(self, name: str) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return None

    def params(self, name: str) -> list[str]:
        return [value for key, value in self.query if key == name]

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def json(self) -> Any:
        """The body as JSON (an empty body is an empty object); 400 if it is not JSON."""
        if self._json is None:
            if not self.body.strip():
                self._json = {}
            else:
                try:
                    self._json = json.loads(self.body)
                except (ValueError, UnicodeDecodeError) as exc:
                    raise bad_request(f"the request body is not valid JSON: {exc}") from exc
                except RecursionError:  # nested deeper than the parser goes: refused, not a crash
                    raise bad_request("the request body is nested too deeply") from None
        return self._json

    def form(self) -> dict[str, str]:
        """An `application/x-www-form-urlencoded` body (the /logincheck form)."""
        text = self.body.decode("utf-8", errors="replace")
        return dict(parse_qsl(text, keep_blank_values=True))

    @property
    def port(self) -> str:
        """The port the client addressed (Host header), which FortiOS puts in cookie names."""
        host = self.headers.get("host", "")
        if host.startswith("["):
            _, _, rest = host.partition("]")
            return rest[1:] if rest.startswith(":") and rest[1:].isdigit() else "443"
        _, colon, port = host.rpartition(":")
        return port if colon and port.isdigit() else "443"
