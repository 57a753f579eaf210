"""Which transport a FortiOS client gets: `transport=None | "h11" | "httpx" | an object`.

The default is hfortix's own HTTP/1.1 client (`H11Transport` / `AsyncH11Transport`), which
connects directly. `"httpx"` picks the httpx transports, which also go through an HTTP proxy
that the environment (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY) names for the host.
Either way, when the environment names a proxy for the host, one INFO line on the
`hfortix` logger says which transport is used and why.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from hfortix.core.errors import ConfigurationError

from ._runtime import runtime_import

__all__ = ["KINDS", "async_transport", "check_options", "environment_proxy", "sync_transport", "transport_kind"]

logger = logging.getLogger("hfortix")
KINDS = ("h11", "httpx")
#: httpx is an extra: the default transport is hfortix's own, on h11.
HTTPX_INSTALL_HINT = "pip install 'hfortix[httpx]'"


def transport_kind(transport: Any) -> str | None:
    """"h11" or "httpx" for a named transport (None is "h11"); None for a transport object."""
    if transport is None:
        return "h11"
    if isinstance(transport, str):
        if transport not in KINDS:
            raise ConfigurationError(f"transport must be 'h11', 'httpx' or a transport object, got {transport!r}")
        if transport == "httpx" and importlib.util.find_spec("httpx") is None:
            raise ConfigurationError(f"transport='httpx' needs httpx, which is not installed: {HTTPX_INSTALL_HINT}")
        return transport
    return None


# The variables that can name a proxy for an http(s) URL, as curl, httpx and urllib read them.
_PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY")


def environment_proxy(base_url: str) -> tuple[str, str] | None:
    """(proxy URL, the variable naming it) if the environment sends `base_url` through a proxy."""
    environ = os.environ
    if not any(name in environ for name in _PROXY_VARIABLES):
        # The usual case, decided with six lookups per client rather than a walk over the
        # whole environment, and without importing urllib.request.
        return None
    import urllib.request

    parts = urlsplit(base_url)
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]  # public, not in typeshed
    if not proxy or bypass(parts.hostname or "", proxies):
        return None
    variable = f"{parts.scheme.upper()}_PROXY" if proxies.get(parts.scheme) else "ALL_PROXY"
    return proxy, variable


def _shown(proxy: str) -> str:
    parts = urlsplit(proxy)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


def _options_for(kind: str, base_url: str, options: dict[str, Any]) -> dict[str, Any]:
    found = environment_proxy(base_url)
    if found is None:
        return options
    proxy, variable = found
    if kind == "httpx":
        logger.info("transport: httpx, through the proxy %s that %s names for %s", _shown(proxy), variable, base_url)
        return {**options, "proxy": proxy}
    logger.info("transport: hfortix's own (h11), connecting to %s directly although %s names the proxy %s; "
                "pass transport='httpx' (%s) to go through it", base_url, variable, _shown(proxy),
                HTTPX_INSTALL_HINT)
    return options


def check_options(options: dict[str, Any]) -> None:
    """Check a client's transport options when the client is made: its transport is made at
    its first call (so that a client never used imports no socket code), and bad input must
    not wait for that. `verify=False` warns here, once."""
    runtime_import("hfortix.transports._options").check_shared(**options)


def sync_transport(kind: str, base_url: str, options: dict[str, Any]) -> Any:
    """The sync transport, made at the first call (see check_options)."""
    options = _options_for(kind, base_url, options)
    with _warned_already(options):
        if kind == "httpx":
            return runtime_import("hfortix.transports.sync_http").HTTPTransport(**options)
        return runtime_import("hfortix.transports.h11_sync").H11Transport(**options)


def async_transport(kind: str, base_url: str, options: dict[str, Any]) -> Any:
    """The async transport, made at the first call, inside the running loop (the httpx one
    binds to it)."""
    options = _options_for(kind, base_url, options)
    with _warned_already(options):
        if kind == "httpx":
            return runtime_import("hfortix.transports.async_http").AsyncHTTPTransport(**options)
        return runtime_import("hfortix.transports.h11_async").AsyncH11Transport(**options)


@contextmanager
def _warned_already(options: dict[str, Any]) -> Iterator[None]:
    """verify=False warned when the client was made (check_options), not again at its first call."""
    verify = options.get("verify", True)
    if verify is True or isinstance(verify, str | os.PathLike):  # verifying: nothing to warn of
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", runtime_import("hfortix.transports._tls").InsecureTransportWarning)
        yield
