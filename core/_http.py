"""The two values that are the whole contract between core and the transports."""

from __future__ import annotations

from dataclasses import dataclass, field

Headers = tuple[tuple[str, str], ...]


def _as_headers(headers: object) -> Headers:
    if isinstance(headers, dict):
        headers = list(headers.items())
    if not isinstance(headers, (list, tuple)):
        raise TypeError(f"headers must be a sequence of (name, value) pairs, not {type(headers).__name__}")
    pairs = []
    for pair in headers:
        if not (isinstance(pair, (list, tuple)) and len(pair) == 2
                and isinstance(pair[0], str) and isinstance(pair[1], str)):
            raise TypeError(f"each header must be a (str, str) pair, got {pair!r}")
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def _header(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request, fully built: `url` is absolute and includes the query string.

    `timeout` (seconds, optional) is the only hint a transport gets beyond HTTP itself;
    None means "use the transport's own timeouts".
    """

    method: str
    url: str
    headers: Headers = ()
    content: bytes = b""
    timeout: float | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or not self.method.isalpha() or not self.method.isupper():
            raise ValueError(f"method must be an upper-case HTTP verb, got {self.method!r}")
        if not isinstance(self.url, str) or not self.url.startswith(("http://", "https://")):
            raise ValueError(f"url must be an absolute http(s) URL, got {self.url!r}")
        object.__setattr__(self, "headers", _as_headers(self.headers))
        if not isinstance(self.content, bytes):
            raise TypeError(f"content must be bytes, not {type(self.content).__name__}")

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        return _header(self.headers, name)


@dataclass(frozen=True, slots=True)
class Response:
    """One HTTP response as a transport received it."""

    status_code: int
    headers: Headers = ()
    content: bytes = b""

    def __post_init__(self) -> None:
        if not isinstance(self.status_code, int) or not 100 <= self.status_code <= 599:
            raise ValueError(f"status_code must be an HTTP status (100-599), got {self.status_code!r}")
        object.__setattr__(self, "headers", _as_headers(self.headers))
        if not isinstance(self.content, bytes):
            raise TypeError(f"content must be bytes, not {type(self.content).__name__}")

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        return _header(self.headers, name)

    def header_list(self, name: str) -> list[str]:
        """Every value of header `name` (Set-Cookie comes once per cookie)."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]


@dataclass(frozen=True, slots=True)
class Wait:
    """A plan's request to pause (retry backoff, Retry-After) before its next step."""

    seconds: float

    def __post_init__(self) -> None:
        if not isinstance(self.seconds, (int, float)) or self.seconds < 0:
            raise ValueError(f"Wait needs a non-negative number of seconds, got {self.seconds!r}")
