"""TLS settings: the `verify` option turned into an `ssl.SSLContext`."""

from __future__ import annotations

import os
import ssl
import sys
import warnings
from os import PathLike

from hfortix.core.errors import ConfigurationError

__all__ = ["InsecureTransportWarning", "ssl_context_for"]


class InsecureTransportWarning(UserWarning):
    """A transport was made with certificate verification turned off (`verify=False`)."""


def ssl_context_for(verify: bool | str | PathLike[str] | ssl.SSLContext) -> ssl.SSLContext:
    """The client TLS context for `verify`.

    True: the system's CA store (`ssl.create_default_context`: OpenSSL's default paths, which
    SSL_CERT_FILE / SSL_CERT_DIR can point elsewhere, as for any Python program). A path:
    a CA bundle PEM file (or an OpenSSL hashed CA directory), e.g. the FortiGate's own CA.
    False: no verification at all, announced by one InsecureTransportWarning here, at
    construction, so a busy client is not flooded with one warning per request.
    An SSLContext: used as given (client certificates, legacy ciphers); it warns too if it
    verifies nothing.
    """
    if isinstance(verify, ssl.SSLContext):
        context = verify
    elif verify is True:
        context = ssl.create_default_context()
    elif verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(verify, (str, PathLike)):
        context = _context_trusting(os.fspath(verify))
    else:
        raise ConfigurationError(
            f"verify must be True, False, a CA bundle path or an ssl.SSLContext, got {verify!r}"
        )
    if context.verify_mode == ssl.CERT_NONE:
        warnings.warn(
            "TLS certificate verification is disabled: anyone on the path can read and change "
            "this traffic, including credentials. Pass verify='/path/to/ca.pem' instead.",
            InsecureTransportWarning,
            stacklevel=_first_frame_outside_hfortix(),
        )
    return context


def _context_trusting(path: str) -> ssl.SSLContext:
    is_file, is_dir = os.path.isfile(path), os.path.isdir(path)
    if not (is_file or is_dir):
        raise ConfigurationError(f"verify: no CA bundle file or directory at {path!r}")
    try:
        return ssl.create_default_context(cafile=path if is_file else None, capath=path if is_dir else None)
    except (ssl.SSLError, OSError) as exc:
        raise ConfigurationError(f"verify: cannot load CA certificates from {path!r}: {exc}") from exc


def _first_frame_outside_hfortix() -> int:
    """The `stacklevel` of the user's line that made the transport, however it got here.

    The warning should blame the user's `FortiOS(verify=False)` or `HTTPTransport(...)`,
    not whichever of our own layers (facade, factory, base __init__) passed the option on.
    """
    level, frame = 1, sys._getframe(1)  # level 1 is our caller, as warnings.warn counts
    while frame.f_back is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "hfortix":
        level, frame = level + 1, frame.f_back
    return level
