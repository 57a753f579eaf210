"""TLS settings: the `verify` option turned into an `ssl.SSLContext`, one per setting per process.

Building a context that trusts the system's CA store costs tens of milliseconds of CPU. The
contexts made here are cached and shared by every transport of the process (an SSLContext
may be shared by any number of connections and threads), none is built before the first
https connection needs it, and `verify=False` never loads a CA store at all.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from os import PathLike
from typing import TYPE_CHECKING, TypeAlias

from hfortix.core.errors import ConfigurationError

if TYPE_CHECKING:
    import ssl

__all__ = ["InsecureTransportWarning", "TLSSettings", "Verify", "shared_context", "ssl_context_for"]

Verify: TypeAlias = "bool | str | PathLike[str] | ssl.SSLContext"
#: What identifies a cached context: False, ("file" | "dir", absolute path), or for True the
#: system store as SSL_CERT_FILE / SSL_CERT_DIR point to it now: ("system", file, dir).
_Key: TypeAlias = "bool | tuple[str, str] | tuple[str, str | None, str | None]"

_contexts: dict[_Key, ssl.SSLContext] = {}
_lock = threading.Lock()


class InsecureTransportWarning(UserWarning):
    """A transport was made with certificate verification turned off (`verify=False`)."""


class TLSSettings:
    """A checked `verify` option, whose SSLContext is built (or found in the cache) on first use.

    True: the system's CA store (`ssl.create_default_context`: OpenSSL's default paths, which
    SSL_CERT_FILE / SSL_CERT_DIR can point elsewhere, as for any Python program). A path: a CA
    bundle PEM file (or an OpenSSL hashed CA directory), e.g. the FortiGate's own CA, loaded
    at once so a bad file is reported at construction. False:
    no verification at all, announced by one InsecureTransportWarning here, at construction,
    so a busy client is not flooded with one warning per request. An SSLContext: used as
    given (client certificates, legacy ciphers); it warns too if it verifies nothing.
    """

    __slots__ = ("_context", "_key")

    def __init__(self, verify: Verify) -> None:
        self._context: ssl.SSLContext | None = None
        if verify is True or verify is False:
            self._key: _Key | None = verify
        elif isinstance(verify, (str, PathLike)):
            path = os.path.abspath(os.fspath(verify))
            if os.path.isfile(path):
                self._key = ("file", path)
            elif os.path.isdir(path):
                self._key = ("dir", path)
            else:
                raise ConfigurationError(f"verify: no CA bundle file or directory at {os.fspath(verify)!r}")
            # Reading one CA file is cheap and a bad one is the caller's mistake: find it now.
            self._context = shared_context(self._key)
        elif _is_ssl_context(verify):
            self._key, self._context = None, verify
        else:
            raise ConfigurationError(
                f"verify must be True, False, a CA bundle path or an ssl.SSLContext, got {verify!r}"
            )
        if verify is False or (self._context is not None and self._context.verify_mode == 0):  # CERT_NONE
            warnings.warn(
                "TLS certificate verification is disabled: anyone on the path can read and change "
                "this traffic, including credentials. Pass verify='/path/to/ca.pem' instead.",
                InsecureTransportWarning,
                stacklevel=_first_frame_outside_hfortix(),
            )

    def context(self) -> ssl.SSLContext:
        """The SSLContext for these settings (raises ConfigurationError for an unreadable CA file)."""
        if self._context is None:
            key = self._key
            if key is True:
                key = ("system", os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
            assert key is not None
            self._context = shared_context(key)
        return self._context


def _is_ssl_context(value: object) -> bool:
    ssl = sys.modules.get("ssl")  # a caller holding an SSLContext has imported ssl already
    return ssl is not None and isinstance(value, ssl.SSLContext)


def shared_context(key: _Key) -> ssl.SSLContext:
    """The process-wide context for `key`, built once."""
    context = _contexts.get(key)
    if context is None:
        with _lock:
            context = _contexts.get(key)
            if context is None:
                context = _contexts[key] = _build(key)
    return context


def _build(key: _Key) -> ssl.SSLContext:
    import ssl

    if key is False:
        # No CA store: nothing is verified, so loading one is wasted work.
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif isinstance(key, tuple) and key[0] == "system":
        context = ssl.create_default_context()
    else:
        assert isinstance(key, tuple) and len(key) == 2
        kind, path = key
        try:
            context = ssl.create_default_context(cafile=path if kind == "file" else None,
                                                 capath=path if kind == "dir" else None)
        except (ssl.SSLError, OSError) as exc:
            raise ConfigurationError(f"verify: cannot load CA certificates from {path!r}: {exc}") from exc
    context.set_alpn_protocols(["http/1.1"])
    return context


def ssl_context_for(verify: Verify) -> ssl.SSLContext:
    """The context for `verify` at once (the httpx transports need one at construction)."""
    return TLSSettings(verify).context()


def _first_frame_outside_hfortix() -> int:
    """The `stacklevel` of the user's line that made the transport, however it got here.

    The warning should blame the user's `FortiOS(verify=False)` or `HTTPTransport(...)`,
    not whichever of our own layers (facade, factory, base __init__) passed the option on.
    """
    level, frame = 1, sys._getframe(1)  # level 1 is our caller, as warnings.warn counts
    while frame.f_back is not None and frame.f_globals.get("__name__", "").partition(".")[0] == "hfortix":
        level, frame = level + 1, frame.f_back
    return level
