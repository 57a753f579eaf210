"""Every exception hfortix raises (defined in hfortix.core.errors, re-exported here).

Also importable as `hfortix.FortiOS.exceptions_forti`, the path the user guide uses.
"""

from hfortix.core.errors import (
    AuthenticationError,
    BadRequestError,
    CertificateError,
    ConfigurationError,
    ConnectionError,
    EntryInUseError,
    FortiOSAPIError,
    FortiOSError,
    InvalidResponseError,
    MethodNotAllowedError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitError,
    ResourceAlreadyExistsError,
    ResourceNotFoundError,
    ServerError,
    TimeoutError,
    TransportError,
    UnsupportedError,
    ValidationError,
)

__all__ = [
    "AuthenticationError", "BadRequestError", "CertificateError", "ConfigurationError", "ConnectionError",
    "EntryInUseError",
    "FortiOSAPIError", "FortiOSError", "InvalidResponseError", "MethodNotAllowedError",
    "PayloadTooLargeError", "PermissionDeniedError", "RateLimitError", "ResourceAlreadyExistsError",
    "ResourceNotFoundError", "ServerError", "TimeoutError", "TransportError", "UnsupportedError",
    "ValidationError",
]
