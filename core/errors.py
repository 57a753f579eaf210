"""The one exception tree of hfortix, rooted at FortiOSError.

Server answers raise FortiOSAPIError or one of its children; transport failures raise
ConnectionError or TimeoutError (these shadow the builtins on purpose, inside this
namespace only: import them as `hfortix.ConnectionError` or catch `FortiOSError`).
The mapping from (HTTP status, FortiOS error code, cli_error) to a class lives in
`error_class()` below; `api_error()` builds the exception with its message.
"""

from __future__ import annotations

from typing import Any


class FortiOSError(Exception):
    """Base of every error hfortix raises."""


class ConfigurationError(FortiOSError, ValueError):
    """The client was given bad arguments (a bad host, an unknown mode, a bad option)."""


class TransportError(FortiOSError):
    """The request did not get a complete HTTP answer."""

    def __init__(self, message: str, *, method: str | None = None, url: str | None = None) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class ConnectionError(TransportError):  # noqa: A001 - deliberate, see module doc
    """The connection failed: refused, reset, TLS failure, or the peer closed mid-answer."""


class TimeoutError(TransportError):  # noqa: A001 - deliberate, see module doc
    """A connect, read, write or pool timeout expired."""


class FortiOSAPIError(FortiOSError):
    """FortiOS answered with an error (or with something that is not a FortiOS answer)."""

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
    """400: FortiOS rejected the request as malformed."""


class ValidationError(FortiOSAPIError):
    """FortiOS rejected a value: wrong type, out of range, unknown option, missing field."""


class AuthenticationError(FortiOSAPIError):
    """401, or a failed login: no valid token or session."""


class PermissionDeniedError(FortiOSAPIError):
    """403: the admin profile lacks the permission, or the CSRF token is missing."""


class ResourceNotFoundError(FortiOSAPIError):
    """404 or error -3: the object (or the endpoint) does not exist."""


class MethodNotAllowedError(FortiOSAPIError):
    """405: for example a POST on a singleton."""


class ResourceAlreadyExistsError(FortiOSAPIError):
    """Error -5 or -15: an object with this key already exists."""


class EntryInUseError(FortiOSAPIError):
    """Error -23: the object is referenced by others and cannot be deleted."""


class PayloadTooLargeError(FortiOSAPIError):
    """413: the request body is too large."""


class RateLimitError(FortiOSAPIError):
    """429: too many requests or too many failed logins; `retry_after` in seconds if given."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ServerError(FortiOSAPIError):
    """5xx: FortiOS failed to handle the request."""
