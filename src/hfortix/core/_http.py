"""The two values that are the whole contract between core and the transports."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Headers = tuple[tuple[str, str], ...]


def _as_headers(headers: object) -> Headers:
    if type(headers) is tuple:  # what hfortix itself passes: taken as it is once every pair checks out
        for pair in headers:
            if not (type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str and type(pair[1]) is str):
                break
        else:
            return headers
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


#: Headers whose values are secrets (tokens, session cookies, CSRF tokens): never shown.
SECRET_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-csrftoken", "x-admin-passwd"})


def _shown(headers: Headers) -> str:
    return repr(tuple((name, "***" if name.lower() in SECRET_HEADERS else value) for name, value in headers))


def _shown_url(url: str) -> str:
    base, _, query = url.partition("?")
    if not query:
        return url
    pairs = (pair.partition("=") for pair in query.split("&"))
    return base + "?" + "&".join(
        f"{name}={'***' if name.lower() in ('access_token', 'session_key') else value}" if sep else name
        for name, sep, value in pairs
    )


@dataclass(frozen=True, slots=True, repr=False)
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
    #: Which try of its call this is (1, 2, ...): for log lines; transports ignore it.
    attempt: int = field(default=1, compare=False)

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

    def __repr__(self) -> str:  # secrets stay out of logs and tracebacks that print requests
        return (f"Request(method={self.method!r}, url={_shown_url(self.url)!r}, headers={_shown(self.headers)}, "
                f"content=<{len(self.content)} bytes>)")

    def with_headers(self, replacements: dict[str, str] | Headers) -> Request:
        """A copy with these headers (a dict, or (name, value) pairs) set, replacing any of the
        same name (in any case).

        Only the new pairs are checked: the rest of the request was checked when it was
        built, and this runs on every request (auth adds its headers here).
        """
        added = _as_headers(replacements)
        replaced = {name.lower() for name, _ in added}
        kept = tuple(pair for pair in self.headers if pair[0].lower() not in replaced)
        copy, put = object.__new__(Request), object.__setattr__
        put(copy, "method", self.method)
        put(copy, "url", self.url)
        put(copy, "headers", kept + added)
        put(copy, "content", self.content)
        put(copy, "timeout", self.timeout)
        put(copy, "attempt", self.attempt)
        return copy


@dataclass(frozen=True, slots=True, repr=False)
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

    def __repr__(self) -> str:
        return f"Response(status_code={self.status_code}, headers={_shown(self.headers)}, " \
               f"content=<{len(self.content)} bytes>)"

    def header_list(self, name: str) -> list[str]:
        """Every value of header `name` (Set-Cookie comes once per cookie)."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]


@dataclass(frozen=True, slots=True)
class Wait:
    """A plan's request to pause (retry backoff, Retry-After) before its next step.

    A wait before a retry says why (`reason`: "HTTP 503", the connection error), which
    attempt follows it (`attempt`, 2 or more) and the request it sends again; other waits
    (for another call's login) leave `attempt` at 0. Core logs nothing: the runner turns these
    into its log lines.
    """

    seconds: float
    reason: str = ""
    attempt: int = 0
    request: Request | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        seconds = self.seconds
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds < math.inf:
            raise ValueError(f"Wait needs a finite, non-negative number of seconds, got {seconds!r}")
