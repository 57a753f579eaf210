"""The one exception tree of hfortix, rooted at FortiOSError, and the map from answers to it.

Server answers raise FortiOSAPIError or one of its children; transport failures raise
ConnectionError or TimeoutError (these shadow the builtins on purpose, inside this
namespace only: import them as `hfortix.ConnectionError` or catch `FortiOSError`).

The mapping from (HTTP status, FortiOS error code, cli_error) to a class lives in
`error_class()`; `api_error()` builds the exception with its message. The meanings of the
FortiOS error codes come from `_error_codes.json`, read on first use, not at import.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import unquote_plus

__all__ = [
    "AuthenticationError", "BadRequestError", "CertificateError", "ConfigurationError", "ConnectionError",
    "EntryInUseError",
    "FortiOSAPIError", "FortiOSError", "InvalidResponseError", "MethodNotAllowedError",
    "PayloadTooLargeError", "PermissionDeniedError", "RateLimitError", "ResourceAlreadyExistsError",
    "ResourceNotFoundError", "ServerError", "TimeoutError", "TransportError", "UnsupportedError",
    "ValidationError", "api_error", "code_from_cli_error", "describe_code", "error_class", "parse_retry_after",
    "redact_url",
]


class FortiOSError(Exception):
    """Base of every error hfortix raises."""


class ConfigurationError(FortiOSError, ValueError, TypeError):
    """The client was given bad arguments (a bad host, an unknown mode, a bad option).

    Also a ValueError and a TypeError: code written to catch Python's own errors for a bad
    value or a value of the wrong type keeps working."""


class UnsupportedError(ConfigurationError):
    """The FortiOS version in use has no such endpoint, field or option value.

    Raised before anything is sent (or in place of the device's own refusal, once the version
    is learned from its answer). `firmware` is the version checked against ("7.2.8"),
    `versions` the ranges where the thing exists (`(("7.4.0", ""),)`: "" means "and later").
    """

    def __init__(self, message: str, *, firmware: str, versions: tuple[tuple[str, str], ...]) -> None:
        super().__init__(message)
        self.firmware = firmware
        self.versions = versions

    def __reduce__(self) -> Any:
        return (_rebuild_unsupported, (str(self), self.firmware, self.versions))


def _rebuild_unsupported(message: str, firmware: str, versions: tuple[tuple[str, str], ...]) -> UnsupportedError:
    return UnsupportedError(message, firmware=firmware, versions=versions)


class TransportError(FortiOSError):
    """The request did not get a complete HTTP answer.

    `request_sent` says whether any byte of the request may have left: False when it
    certainly did not (connection refused, TLS failure, no free connection in time), so even
    a POST may be sent again; True when the FortiGate may have received it.
    """

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None,
                 request_sent: bool = True) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.request_sent = request_sent


class ConnectionError(TransportError):  # noqa: A001 - deliberate, see module doc
    """The connection failed: refused, reset, TLS failure, or the peer closed mid-answer."""


class CertificateError(ConnectionError):
    """The FortiGate's TLS certificate was not trusted (unknown CA, wrong name, expired).

    Sending again cannot change the answer, so hfortix never retries it: pass the FortiGate's
    CA bundle as `verify=`, or fix the host name the client uses.
    """


class TimeoutError(TransportError):  # noqa: A001 - deliberate, see module doc
    """A connect, read, write or pool timeout expired."""


class FortiOSAPIError(FortiOSError):
    """FortiOS answered with an error (or with something that is not a FortiOS answer).

    `error_meaning` is the short meaning of `error_code`; `url` has its secrets replaced by
    `***` when the error was built by `api_error()`; `retry_after` (seconds) is set when the
    answer carried a usable Retry-After header.
    """

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        error_code: int | None = None,
        cli_error: str | None = None,
        method: str | None = None,
        url: str | None = None,
        body: bytes = b"",
        envelope: dict[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.error_code = error_code
        self.cli_error = cli_error
        self.method = method
        self.url = url
        self.body = body
        self.envelope = envelope
        self.retry_after = retry_after

    @property
    def error_meaning(self) -> str | None:
        """What FortiOS's error code means, or None when there is no (known) code."""
        return describe_code(self.error_code) if isinstance(self.error_code, int) else None

    def __reduce__(self) -> Any:  # keep keyword state through pickling (multiprocessing users)
        return (_rebuild, (type(self), self.message, self.__dict__))


def _rebuild(cls: type[FortiOSAPIError], message: str, state: dict[str, Any]) -> FortiOSAPIError:
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class InvalidResponseError(FortiOSAPIError):
    """The body is not a FortiOS JSON envelope (an HTML login page, a proxy error, garbage)."""


class BadRequestError(FortiOSAPIError):
    """400 (or a request-level FortiOS code): FortiOS rejected the request as malformed."""


class ValidationError(FortiOSAPIError):
    """FortiOS rejected a value: wrong type, out of range, unknown option, missing field."""


class AuthenticationError(FortiOSAPIError):
    """401, or a failed login: no valid token or session."""


class PermissionDeniedError(FortiOSAPIError):
    """403 or error -14/-37: the admin profile lacks the permission, or the CSRF token is missing."""


class ResourceNotFoundError(FortiOSAPIError):
    """404 or error -3: the object (or the endpoint) does not exist."""


class MethodNotAllowedError(FortiOSAPIError):
    """405: for example a POST on a singleton."""


class ResourceAlreadyExistsError(FortiOSAPIError):
    """Error -5 or -15: an object with this key already exists."""


class EntryInUseError(FortiOSAPIError):
    """Error -23 and kin: the object is referenced by others and cannot be deleted or moved."""


class PayloadTooLargeError(FortiOSAPIError):
    """413: the request body is too large."""


class RateLimitError(FortiOSAPIError):
    """429: too many requests or too many failed logins; `retry_after` in seconds if given.

    `lockout` is True when it is FortiOS's lockout after failed logins (never retried: it
    grows with every attempt)."""

    def __init__(self, message: str, *, retry_after: float | None = None, lockout: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(message, retry_after=retry_after, **kwargs)
        self.lockout = lockout


class ServerError(FortiOSAPIError):
    """5xx, or a FortiOS code for an internal or upstream failure: FortiOS could not do it."""


# ---------------------------------------------------------------------------------------------
# The code table. Every code in _error_codes.json is decided here exactly once (a test checks):
# either a class, or _DECIDED_BY_STATUS for codes that describe a device state, a limit or a
# licence rather than the request, where the HTTP status says more than a guess would.
# Codes naming a *referenced* object that is missing (-17, -98, -149, -151, -605) are
# ValidationError, not ResourceNotFoundError: plans read "not found" as "the object addressed
# by the URL is absent" (exists -> False, update_or_create -> POST), which would be wrong there.

_NOT_FOUND = (-3, -38, -81, -315, -3207, -3233)
_ALREADY_EXISTS = (-5, -15, -82, -100, -101, -224, -513, -3220)
_IN_USE = (-23, -94, -95, -96, -97, -99, -102, -107, -147, -157, -176, -313, -375, -376, -509, -514,
           -529, -800, -3201, -3204)
_PERMISSION = (-14, -37)
_AUTHENTICATION = (-30, -203, -204, -1010)
_BAD_REQUEST = (-603, -1001, -10000, -10001, -10002)
_PAYLOAD_TOO_LARGE = (-181,)
# Internal failures (memory, files, CMDB) and failures of an upstream service FortiOS called.
_SERVER = (-6, -24, -25, -26, -27, -29, -57, -63, -64, -67, -71, -79, -168, -180, -303, -360, -361,
           -561, -606, -901, -902, -1004, -1101, -1102, -3000, -3003, -3199, -3202, -3205, -3209,
           -3230, -3232, -3235, -3240, -3241, -3242, -3243, -3244, -3245, -3246, -3247, -3248)
# A value, a format, a missing or conflicting setting, an invalid upload: the caller must change it.
_VALIDATION = (
    -1, -2, -7, -8, -9, -10, -11, -12, -13, -16, -17, -18, -19, -20, -21, -22, -28, -31, -32, -33,
    -34, -35, -36, -39, -40, -41, -42, -43, -44, -45, -46, -47, -48, -49, -50, -51, -52, -53, -54,
    -55, -56, -61, -62, -65, -66, -68, -69, -72, -73, -75, -76, -77, -78, -83, -84, -87, -88, -89,
    -90, -91, -92, -93, -98, -103, -104, -105, -106, -108, -109, -110, -113, -114, -115, -116, -117,
    -118, -119, -122, -123, -124, -125, -126, -127, -128, -129, -130, -131, -132, -133, -134, -135,
    -136, -137, -138, -139, -140, -141, -142, -143, -144, -145, -146, -148, -149, -150, -151, -152,
    -153, -154, -155, -156, -158, -161, -162, -163, -164, -165, -166, -167, -169, -170, -171, -172,
    -173, -175, -177, -178, -183, -184, -185, -187, -188, -210, -211, -212, -213, -214, -215, -217,
    -218, -220, -221, -222, -223, -230, -231, -232, -233, -234, -235, -236, -240, -241, -242, -243,
    -244, -245, -250, -251, -252, -253, -254, -255, -257, -301, -302, -310, -311, -312, -314, -350,
    -351, -352, -353, -354, -363, -377, -390, -392, -400, -506, -508, -515, -516, -519, -520, -521,
    -522, -525, -526, -527, -528, -530, -531, -540, -541, -542, -550, -551, -552, -553, -554, -555,
    -560, -562, -563, -564, -565, -600, -602, -605, -607, -608, -609, -610, -611, -612, -613, -614,
    -615, -650, -651, -652, -653, -658, -659, -690, -701, -702, -703, -704, -705, -706, -707, -708,
    -709, -710, -711, -712, -713, -950, -951, -952, -953, -1002, -1003, -1100, -2001, -2002, -2003,
    -2004, -2006, -2007, -2008, -2009, -2011, -3001, -3002, -3004, -3005, -3200, -3208, -3210,
    -3211, -3212, -3213, -3214, -3215, -3216, -3234, -4001,
)
_DECIDED_BY_STATUS = frozenset((
    -4, -58, -59, -60, -70, -74, -80, -85, -86, -111, -112, -160, -186, -190, -216, -292, -300,
    -393, -523, -580, -581, -604, -1000, -3203, -3206, -3221, -3222, -3231,
))

_CODE_CLASSES: Mapping[int, type[FortiOSAPIError]] = {
    code: cls
    for cls, codes in (
        (ResourceNotFoundError, _NOT_FOUND),
        (ResourceAlreadyExistsError, _ALREADY_EXISTS),
        (EntryInUseError, _IN_USE),
        (PermissionDeniedError, _PERMISSION),
        (AuthenticationError, _AUTHENTICATION),
        (BadRequestError, _BAD_REQUEST),
        (PayloadTooLargeError, _PAYLOAD_TOO_LARGE),
        (ServerError, _SERVER),
        (ValidationError, _VALIDATION),
    )
    for code in codes
}

_STATUS_CLASSES: Mapping[int, type[FortiOSAPIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: ResourceNotFoundError,
    405: MethodNotAllowedError,
    413: PayloadTooLargeError,
    424: ValidationError,  # FortiOS: failed dependency (bad or missing value, duplicate)
    429: RateLimitError,
}

#: What usually causes a 401 or a 403, said at the end of the message (the FortiGate says nothing).
_STATUS_HINTS: Mapping[int, str] = {
    401: "usual causes: the API token is wrong or expired (or the session ended), or this client's address "
         "is not among the API user's trusted hosts",
    403: "usual causes: the admin profile of this token or user lacks permission for this path, the token "
         "is read-only (for a write), the VDOM is unknown or not one this admin may use, or a session "
         "write lacks its CSRF token",
}

_CODES_FILE = "_error_codes.json"
_CODES_FORMAT = "fortios-error-codes/1"
# "... Command fail. Return code -651": bounded digits so junk cannot make int() slow or fail.
_RETURN_CODE = re.compile(r"return code\s*(-?\d{1,9})\b", re.IGNORECASE)
_SECRET_PARAMS = frozenset({"access_token", "session_key", "token", "password", "secretkey"})
_MASK = "***"
_CLI_ERROR_LIMIT = 500  # characters of cli_error quoted in a message; the attribute keeps it whole
_DELTA_SECONDS = re.compile(r"[+-]?\d{1,15}(?:\.\d{1,9})?")
# The three HTTP-date forms of RFC 9110 5.6.7. (email.utils would parse them, but it imports
# socket, which core must not.) The weekday is not checked, as the RFC allows.
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})"
_HTTP_DATES = tuple(re.compile(pattern, re.IGNORECASE | re.ASCII) for pattern in (
    # IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    rf"[a-z]{{3}},\s+(?P<day>\d{{1,2}})\s+(?P<month>[a-z]{{3}})\s+(?P<year>\d{{4}})\s+{_TIME}\s+(?:GMT|UTC)",
    # obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
    rf"[a-z]{{6,9}},\s+(?P<day>\d{{1,2}})-(?P<month>[a-z]{{3}})-(?P<year>\d{{2}})\s+{_TIME}\s+(?:GMT|UTC)",
    # asctime: Sun Nov  6 08:49:37 1994
    rf"[a-z]{{3}}\s+(?P<month>[a-z]{{3}})\s+(?P<day>\d{{1,2}})\s+{_TIME}\s+(?P<year>\d{{4}})",
))


@cache
def _codes() -> dict[int, str]:
    from importlib import resources  # here: importlib.resources costs 12 ms of every start-up

    text = resources.files(__package__ or "hfortix.core").joinpath(_CODES_FILE).read_text("utf-8")
    data = json.loads(text)
    codes = data.get("codes") if isinstance(data, dict) else None
    if not isinstance(codes, dict) or data.get("format") != _CODES_FORMAT:
        raise RuntimeError(f"{_CODES_FILE} is not in format {_CODES_FORMAT}: the package is damaged")
    return {int(code): str(meaning) for code, meaning in codes.items()}


def _check_optional_int(name: str, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")


def _is_finite_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)


def _check_optional_str(name: str, value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, not {type(value).__name__}")


def describe_code(code: int) -> str | None:
    """The short meaning of FortiOS error code `code` (e.g. -3), or None if it is not known."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise TypeError(f"code must be an int, not {type(code).__name__}")
    return _codes().get(code)


def code_from_cli_error(cli_error: str | None) -> int | None:
    """The `Return code -N` that FortiOS's CLI text ends with, or None."""
    _check_optional_str("cli_error", cli_error)
    if not cli_error:
        return None
    found = _RETURN_CODE.search(cli_error)
    return int(found.group(1)) if found else None


def error_class(
    http_status: int | None, error_code: int | None, cli_error: str | None
) -> type[FortiOSAPIError]:
    """The exception class for an answer: the FortiOS code decides first, then the HTTP status.

    Without `error_code`, the code is read from `cli_error`'s "Return code -N". Codes the table
    leaves to the status, unknown codes and unknown statuses fall through to FortiOSAPIError.
    """
    _check_optional_int("http_status", http_status)
    _check_optional_int("error_code", error_code)
    code = error_code if error_code is not None else code_from_cli_error(cli_error)
    if code is not None and code in _CODE_CLASSES:
        return _CODE_CLASSES[code]
    if http_status is not None:
        if http_status in _STATUS_CLASSES:
            return _STATUS_CLASSES[http_status]
        if 500 <= http_status <= 599:
            return ServerError
    return FortiOSAPIError


def redact_url(url: str) -> str:
    """`url` with the values of secret query parameters (and a userinfo password) replaced by `***`.

    Only the secret values change; everything else stays byte for byte, so the result still
    reads like the URL that was sent. Parameter names match case-insensitively and after
    percent-decoding, so `Access%5FToken=` is caught too.
    """
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    url, hash_mark, fragment = url.partition("#")
    head, question_mark, query = url.partition("?")
    head = _redact_userinfo(head)
    if question_mark:
        query = "&".join(_redact_param(param) for param in query.split("&"))
    return head + question_mark + query + hash_mark + fragment


def _redact_userinfo(head: str) -> str:
    scheme, separator, rest = head.partition("://")
    if not separator:
        return head
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if not at or ":" not in userinfo:
        return head
    user = userinfo.partition(":")[0]
    return f"{scheme}://{user}:{_MASK}@{host}{slash}{path}"


def _redact_param(param: str) -> str:
    name, equals, value = param.partition("=")
    if equals and value and unquote_plus(name).strip().lower() in _SECRET_PARAMS:
        return f"{name}={_MASK}"
    return param


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header value, never negative; None if absent or junk.

    The value is either delta-seconds ("120") or an HTTP-date; a date needs `now`, the epoch
    time the caller reads from its own clock (core has none), else it gives None.
    """
    _check_optional_str("value", value)
    if now is not None and not _is_finite_number(now):
        raise TypeError(f"now must be a finite number of epoch seconds or None, got {now!r}")
    if value is None:
        return None
    text = value.strip()
    if _DELTA_SECONDS.fullmatch(text):
        return max(0.0, float(text))
    if now is None:
        return None
    when = _parse_http_date(text)
    return None if when is None else max(0.0, when - float(now))


def _parse_http_date(text: str) -> float | None:
    """Epoch seconds of an HTTP-date, or None when `text` is not one (or not a real date)."""
    from datetime import UTC, datetime  # here: a Retry-After date is rare, every start-up is not

    for pattern in _HTTP_DATES:
        found = pattern.fullmatch(text)
        if found is None:
            continue
        month = _MONTHS.get(found["month"].lower())
        year = int(found["year"])
        if len(found["year"]) == 2:  # RFC 850's two-digit year
            year += 2000 if year < 70 else 1900
        if month is None:
            return None
        try:
            # A leap second (:60) is read as :59; datetime has no room for it.
            when = datetime(year, month, int(found["day"]), int(found["hour"]), int(found["minute"]),
                            min(int(found["second"]), 59), tzinfo=UTC)
        except ValueError:  # 31 Feb, hour 25...
            return None
        return when.timestamp()
    return None


def _message_target(method: str | None, url: str | None) -> str:
    """`METHOD /path?query` of a (redacted) URL: the host is noise in an error message."""
    target = url or ""
    _scheme, separator, rest = target.partition("://")
    if separator:
        slash = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        target = rest[slash:] or "/"
    return " ".join(part for part in (method, target) if part)


def _one_line(text: str, limit: int) -> str:
    """`text` on one line, control characters escaped, cut to `limit` characters."""
    flat = " ".join(text.split())
    flat = "".join(char if char.isprintable() else repr(char)[1:-1] for char in flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def api_error(
    *,
    method: str | None,
    url: str | None,
    http_status: int | None,
    error_code: int | None = None,
    cli_error: str | None = None,
    body: bytes = b"",
    envelope: dict[str, Any] | None = None,
    retry_after: float | None = None,
    detail: str | None = None,
    fallback: type[FortiOSAPIError] = FortiOSAPIError,
) -> FortiOSAPIError:
    """The exception for a FortiOS answer, with a message a person can act on.

    For example `POST /api/v2/cmdb/firewall/address?vdom=root: HTTP 500, FortiOS error -5
    (an entry with this key already exists): <cli_error>`. The URL (message and attribute)
    has its secrets removed. `fallback` is the class when neither the code nor the status
    picks one (parse_response passes InvalidResponseError for a 2xx that is not FortiOS's).
    """
    _check_optional_str("method", method)
    _check_optional_str("url", url)
    _check_optional_int("http_status", http_status)
    _check_optional_int("error_code", error_code)
    _check_optional_str("cli_error", cli_error)
    _check_optional_str("detail", detail)
    if not isinstance(body, bytes):
        raise TypeError(f"body must be bytes, not {type(body).__name__}")
    if envelope is not None and not isinstance(envelope, dict):
        raise TypeError(f"envelope must be a dict or None, not {type(envelope).__name__}")
    if retry_after is not None and (
        isinstance(retry_after, bool) or not isinstance(retry_after, (int, float)) or not retry_after >= 0
    ):
        raise TypeError(f"retry_after must be a number of seconds >= 0 or None, got {retry_after!r}")
    if not (isinstance(fallback, type) and issubclass(fallback, FortiOSAPIError)):
        raise TypeError(f"fallback must be a FortiOSAPIError subclass, got {fallback!r}")

    code = error_code if error_code is not None else code_from_cli_error(cli_error)
    cls = error_class(http_status, code, cli_error)
    if cls is FortiOSAPIError:
        cls = fallback
    safe_url = redact_url(url) if url is not None else None

    facts = []
    if http_status is not None:
        facts.append(f"HTTP {http_status}")
    if code is not None:
        meaning = describe_code(code)
        facts.append(f"FortiOS error {code} ({meaning})" if meaning else f"FortiOS error {code}")
    texts = [_one_line(text, _CLI_ERROR_LIMIT) for text in (cli_error, detail) if text and text.strip()]
    hint = _STATUS_HINTS.get(http_status) if http_status is not None else None
    parts = (_message_target(method, safe_url), ", ".join(facts), *texts, *([hint] if hint else []))
    message = ": ".join(part for part in parts if part)
    return cls(
        message or "FortiOS answered with an error",
        http_status=http_status,
        error_code=code,
        cli_error=cli_error,
        method=method,
        url=safe_url,
        body=body,
        envelope=envelope,
        retry_after=None if retry_after is None else float(retry_after),
    )
