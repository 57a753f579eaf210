"""The cookies a FortiGate sets, parsed and kept with no I/O.

FortiOS carries its web session in cookies whose names changed across releases:

* legacy `/logincheck` (all releases): `APSCOOKIE_<n>` (the session) and the CSRF token as
  `ccsrftoken` and `ccsrftoken_<port>`, its value in double quotes;
* `/api/v2/authentication` in 7.6.3+: `session_key_<port>_<hash>` and `ccsrf_token_<port>_<hash>`.

A failed login re-sets the CSRF cookie to `0%260`, and a logout re-sets `APSCOOKIE_<n>` to
`"0%260"` with a 1973 expiry: both mean "forget this cookie".

One `SessionCookies` belongs to one client, which talks to one FortiGate, so cookies are keyed
by name alone: Domain and Path scoping would only matter to a browser visiting many sites.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from ._http import Response

__all__ = ["SessionCookies", "parse_cookie_date", "parse_set_cookie"]

# RFC 9110 token characters: what a cookie name may be made of.
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
# Printable ASCII. The value is echoed in our Cookie header, so CR, LF, NUL and other controls
# (header injection) and non-ASCII (transports encode headers as ASCII) make a cookie garbage.
# Spaces, commas and backslashes are tolerated inside a value, as browsers do.
_VALUE = re.compile(r"[\x20-\x7e]*")
_OWS = " \t"
_FAILED_LOGIN_MARKER = "0%260"

_CSRF_NAME = re.compile(r"ccsrf_?token(?:_.+)?", re.IGNORECASE)
_SESSION_KEY_NAME = re.compile(r"session_key(?:_.+)?", re.IGNORECASE)
_APSCOOKIE_NAME = re.compile(r"APSCOOKIE.*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Cookie:
    value: str  # without the surrounding double quotes
    quoted: bool  # the server sent it quoted; a browser echoes the quotes back, so do we

    def render(self, name: str) -> str:
        return f'{name}="{self.value}"' if self.quoted else f"{name}={self.value}"


@dataclass(frozen=True, slots=True)
class _SetCookie:
    name: str
    cookie: _Cookie
    attributes: dict[str, str]


def _parse(header_value: str) -> _SetCookie | None:
    pair, *attribute_parts = header_value.split(";")
    name, equals, raw_value = pair.partition("=")
    name = name.strip(_OWS)
    raw_value = raw_value.strip(_OWS)
    if not equals or not _NAME.fullmatch(name) or not _VALUE.fullmatch(raw_value):
        return None
    quoted = len(raw_value) >= 2 and raw_value[0] == raw_value[-1] == '"'
    value = raw_value[1:-1] if quoted else raw_value
    attributes: dict[str, str] = {}
    for part in attribute_parts:
        key, _, attribute_value = part.partition("=")
        key = key.strip(_OWS).lower()
        if key:  # RFC 6265: the last occurrence of an attribute wins
            attributes[key] = attribute_value.strip(_OWS)
    return _SetCookie(name, _Cookie(value, quoted), attributes)


def parse_set_cookie(value: str) -> tuple[str, str, dict[str, str]] | None:
    """One Set-Cookie header value as (name, value, attributes), or None if it is garbage.

    The value loses its surrounding double quotes (`ccsrftoken="AB12"` gives `AB12`);
    attribute names are lower-cased and attributes without a value (HttpOnly, Secure) map
    to "". Splitting on ";" only keeps `Expires=Thu, 01 Jan 1973 …` whole. Never raises on
    a str: a missing "=", an empty or invalid name, or control or non-ASCII characters in
    the name or value give None.
    """
    if not isinstance(value, str):
        raise TypeError(f"a Set-Cookie value must be a str, not {type(value).__name__}")
    parsed = _parse(value)
    if parsed is None:
        return None
    return parsed.name, parsed.cookie.value, parsed.attributes


_DATE_DELIMITERS = re.compile(r"[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+")
_DATE_TIME = re.compile(r"(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D.*)?")
_DATE_DAY = re.compile(r"(\d{1,2})(?:\D.*)?")
_DATE_YEAR = re.compile(r"(\d{2,4})(?:\D.*)?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def parse_cookie_date(text: str) -> float | None:
    """A cookie Expires date as POSIX seconds (UTC), or None if it is not a date.

    Follows RFC 6265 section 5.1.1, which accepts every form servers really send:
    `Thu, 01 Jan 1973 00:00:00 GMT`, `Thursday, 01-Jan-73 00:00:00 GMT`, asctime.
    """
    if not isinstance(text, str):
        raise TypeError(f"a cookie date must be a str, not {type(text).__name__}")
    clock: tuple[int, int, int] | None = None
    day = month = year = None
    for token in _DATE_DELIMITERS.split(text):
        if not token:
            continue
        if clock is None and (match := _DATE_TIME.fullmatch(token)):
            clock = (int(match[1]), int(match[2]), int(match[3]))
        elif day is None and (match := _DATE_DAY.fullmatch(token)):
            day = int(match[1])
        elif month is None and token[:3].lower() in _MONTHS:
            month = _MONTHS.index(token[:3].lower()) + 1
        elif year is None and (match := _DATE_YEAR.fullmatch(token)):
            year = int(match[1])
    if clock is None or day is None or month is None or year is None:
        return None
    if year < 70:
        year += 2000
    elif year < 100:
        year += 1900
    hour, minute, second = clock
    if year < 1601 or hour > 23 or minute > 59 or second > 59:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).timestamp()
    except ValueError:  # 31 February and the like
        return None


def _deletes(parsed: _SetCookie, now: float) -> bool:
    """Whether this Set-Cookie tells us to forget the cookie rather than keep it."""
    if parsed.cookie.value.lower() == _FAILED_LOGIN_MARKER:
        return True
    max_age = parsed.attributes.get("max-age")
    if max_age is not None and re.fullmatch(r"-?\d+", max_age):
        # Max-Age wins over Expires (RFC 6265 5.3). Zero or negative means "now";
        # compared as text so a thousand-digit value cannot trip int()'s size limit.
        return max_age.startswith("-") or not max_age.strip("0")
    expires = parsed.attributes.get("expires")
    if expires is not None:
        moment = parse_cookie_date(expires)
        return moment is not None and moment <= now
    return False


class SessionCookies:
    """The cookies one FortiGate has set on this client, most recently set last."""

    __slots__ = ("_cookies",)

    def __init__(self) -> None:
        self._cookies: dict[str, _Cookie] = {}

    def update(self, response: Response, *, now: float | None = None) -> None:
        """Apply every Set-Cookie header of `response`.

        A cookie re-set to `0%260`, or with Max-Age <= 0 or an Expires at or before `now`
        (default: the current time), is deleted. Garbage values are ignored, as a browser would.
        """
        if not isinstance(response, Response):
            raise TypeError(f"update() takes a Response, not {type(response).__name__}")
        moment = time.time() if now is None else now
        for header_value in response.header_list("set-cookie"):
            parsed = _parse(header_value)
            if parsed is None:
                continue
            # Drop first so a re-set cookie moves to the end: "most recent" wins in lookups.
            self._cookies.pop(parsed.name, None)
            if not _deletes(parsed, moment):
                self._cookies[parsed.name] = parsed.cookie

    def header(self) -> str | None:
        """The value for a `Cookie:` request header, or None when there are no cookies."""
        if not self._cookies:
            return None
        return "; ".join(cookie.render(name) for name, cookie in self._cookies.items())

    def csrf_token(self) -> str | None:
        """The CSRF token: `ccsrftoken`, `ccsrftoken_<port>` or `ccsrf_token_<port>_<hash>`."""
        return self._latest(_CSRF_NAME)

    def session_key(self) -> str | None:
        """The session key a 7.6.3+ FortiGate sets as `session_key_<port>_<hash>` (or `session_key`)."""
        return self._latest(_SESSION_KEY_NAME)

    def has_session_cookie(self) -> bool:
        """Whether a cookie that carries the session (`APSCOOKIE_*` or `session_key*`) is held."""
        return any(
            _APSCOOKIE_NAME.fullmatch(name) or _SESSION_KEY_NAME.fullmatch(name) for name in self._cookies
        )

    def names(self) -> tuple[str, ...]:
        """The names of the cookies held, oldest first."""
        return tuple(self._cookies)

    def clear(self) -> None:
        """Forget every cookie."""
        self._cookies.clear()

    def __len__(self) -> int:
        return len(self._cookies)

    def __repr__(self) -> str:
        # Names only: the values are the session and the CSRF token.
        return f"SessionCookies(names={list(self._cookies)!r})"

    def _latest(self, pattern: re.Pattern[str]) -> str | None:
        for name in reversed(self._cookies):
            value = self._cookies[name].value
            if pattern.fullmatch(name) and value and value.lower() != _FAILED_LOGIN_MARKER:
                return value
        return None
