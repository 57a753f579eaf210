"""The errors FortiOS answers with, raised inside the emulator and turned into error envelopes.

Codes follow FortiOS's own list (shared/data/fortios_error_codes.json); `cli_error` carries the
CLI's text where FortiOS gives one, ending like the real thing in "Command fail. Return code N".
"""

from __future__ import annotations


class ApiError(Exception):
    """A FortiOS error answer: HTTP status, FortiOS error code and CLI text (both optional)."""

    def __init__(
        self, http_status: int, error: int | None = None, cli_error: str | None = None, *, detail: str = ""
    ) -> None:
        super().__init__(detail or f"HTTP {http_status} error {error}")
        self.http_status = http_status
        self.error = error
        self.cli_error = cli_error
        # Permission refusals (403) are answered before FortiOS says who it is: no serial/version.
        self.anonymous = http_status in (401, 403)


NOT_FOUND = -3
ALREADY_EXISTS = -5
IN_USE = -23
EMPTY_VALUE = -56
TOO_LONG = -72
UNEXPECTED_INPUT = -61
OUT_OF_RANGE = -650
INVALID_VALUE = -651
INVALID_ACTION = -10000
INVALID_REQUEST = -10002


def cli_text(message: str, code: int) -> str:
    return f"{message}\nCommand fail. Return code {code}"


def not_found(what: str = "") -> ApiError:
    return ApiError(404, NOT_FOUND, detail=what or "object not found")


def bad_request(detail: str, error: int | None = None) -> ApiError:
    return ApiError(400, error, detail=detail)


def method_not_allowed(detail: str = "method not allowed") -> ApiError:
    return ApiError(405, detail=detail)


def forbidden(detail: str = "forbidden") -> ApiError:
    return ApiError(403, detail=detail)


class ValueRejected(Exception):
    """A value the CLI refuses; the cmdb handler turns it into an ApiError with its status."""

    def __init__(self, code: int, cli_error: str) -> None:
        super().__init__(cli_error)
        self.code = code
        self.cli_error = cli_error


def unknown_field(name: str) -> ValueRejected:
    return ValueRejected(UNEXPECTED_INPUT, cli_text(f"command parse error before '{name}'", UNEXPECTED_INPUT))


def invalid_value(field: str, value: object, reason: str = "") -> ValueRejected:
    why = f"{reason}\n" if reason else ""
    return ValueRejected(
        INVALID_VALUE, cli_text(f"{why}value parse error before '{value}'\n(field '{field}')", INVALID_VALUE)
    )


def out_of_range(field: str, value: object, minimum: int | None, maximum: int | None) -> ValueRejected:
    bounds = f"{'' if minimum is None else minimum}-{'' if maximum is None else maximum}"
    return ValueRejected(
        OUT_OF_RANGE,
        cli_text(
            f"value out of range [{bounds}] for '{field}'\nvalue parse error before '{value}'", OUT_OF_RANGE
        ),
    )


def too_long(field: str, value: str, size: int) -> ValueRejected:
    shown = value if len(value) <= 40 else value[:37] + "..."  # never echo a megabyte back
    message = f"value too long for '{field}' (at most {size} characters)\nvalue parse error before '{shown}'"
    return ValueRejected(TOO_LONG, cli_text(message, TOO_LONG))


def missing_attribute(field: str) -> ValueRejected:
    return ValueRejected(EMPTY_VALUE, cli_text(f"Attribute '{field}' MUST be set.", EMPTY_VALUE))


def missing_reference(field: str, value: str) -> ValueRejected:
    return ValueRejected(
        INVALID_VALUE,
        cli_text(
            f"node_check_object fail! for {field} {value}\n\nvalue parse error before '{value}'",
            INVALID_VALUE,
        ),
    )
