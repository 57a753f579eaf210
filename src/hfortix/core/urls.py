"""FortiOS URLs: base URLs from what users type as `host`, API paths, and full request URLs.

Everything here is string work; nothing is sent. The rules that matter for safety:

* an mkey (and a child-table key) is percent-encoded as UTF-8 with no safe characters, so a
  key such as `a/b`, `..` or `x?y#z` stays one path segment (wire format 6.2);
* the fixed segments (API path, endpoint name, child table, action) come from the catalog and
  are checked against `[A-Za-z0-9._+-]`, so nothing user-provided can add segments, climb out
  with `..` or start a query;
* a raw path given to `fgt.request()` is taken as already encoded, and refused if it could
  reach anything but `/api/v2/{cmdb,monitor,log,service}/...`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final
from urllib.parse import quote, unquote, urlsplit

from .catalog import APIS
from .errors import ConfigurationError
from .query import encode_query

__all__ = [
    "API_PREFIX",
    "api_path",
    "base_url_for",
    "build_url",
    "is_cmdb_collection",
    "normalize_request_path",
    "quote_mkey",
]

API_PREFIX: Final = "/api/v2"

_SEGMENT = re.compile(r"[A-Za-z0-9._+-]+")
# RFC 3986 pchar: unreserved, sub-delims, ':' and '@', or a complete percent escape.
_RAW_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+")
_HOST_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
_PORT = re.compile(r"[0-9]{1,5}")
_SCHEMES = ("http", "https")


def quote_mkey(mkey: str | int) -> str:
    """One URL path segment for an object key: UTF-8 percent-encoded, nothing left unescaped
    but letters, digits and `-._~`; an int as its decimal text.

    A key that is exactly `.` or `..` is written `%2E` / `%2E%2E`: HTTP clients (httpx among
    them) would otherwise remove it as a dot segment and address a different resource.
    """
    if isinstance(mkey, bool) or not isinstance(mkey, (str, int)):
        raise ConfigurationError(f"an mkey must be a str or an int, not {type(mkey).__name__}")
    if isinstance(mkey, int):
        return str(mkey)
    if not mkey:
        raise ConfigurationError("an mkey must not be empty")
    if mkey in (".", ".."):
        return "%2E" * len(mkey)
    try:
        return quote(mkey, safe="")
    except UnicodeEncodeError as exc:  # a lone surrogate has no UTF-8 form
        raise ConfigurationError(f"mkey {mkey!r} is not valid Unicode text") from exc


def _segment(value: object, what: str) -> str:
    """A catalog name used verbatim as one path segment."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{what} must be a str, not {type(value).__name__}")
    if not _SEGMENT.fullmatch(value) or value in (".", ".."):
        raise ConfigurationError(
            f"invalid {what} {value!r}: one segment of letters, digits, '.', '_', '+' or '-', "
            "and not '.' or '..'"
        )
    return value


def _child_segments(children: Sequence[tuple[str, str | int | None]]) -> list[str]:
    if isinstance(children, (str, bytes, bytearray)) or not isinstance(children, Sequence):
        raise ConfigurationError(f"children must be a sequence of (table, key) pairs, not {type(children).__name__}")
    segments = []
    for position, child in enumerate(children):
        if not (isinstance(child, tuple) and len(child) == 2):
            raise ConfigurationError(f"each child must be a (table, key) tuple, got {child!r}")
        table, key = child
        segments.append(_segment(table, "child table"))
        if key is None:
            if position != len(children) - 1:
                raise ConfigurationError(
                    f"child table {table!r} has no key but is not the last child: only the last may be a "
                    "whole collection"
                )
        else:
            segments.append(quote_mkey(key))
    return segments


def api_path(
    api: str,
    path: str,
    name: str | None = None,
    mkey: str | int | None = None,
    children: Sequence[tuple[str, str | int | None]] = (),
    action: str | None = None,
) -> str:
    """`/api/v2/{api}/{path}[/{name}[/{mkey}[/{table}[/{key}]]...]][/{action}]`, e.g.
    `api_path("cmdb", "firewall", "address", "web server")` -> `/api/v2/cmdb/firewall/address/web%20server`.

    `children` are child-table steps after the mkey (`[("member", "addr1")]`); the last key
    may be None to address the child collection. `action` is a trailing segment for monitor,
    log and service; for cmdb it is a query parameter (`query.build_query(action=...)`).
    """
    if not isinstance(api, str):
        raise ConfigurationError(f"api must be a str, not {type(api).__name__}")
    if api not in APIS:
        raise ConfigurationError(f"unknown api {api!r}; expected one of {APIS}")
    segments = [api, _segment(path, "path")]
    if name is not None:
        segments.append(_segment(name, "endpoint name"))
    if mkey is not None:
        if name is None:
            raise ConfigurationError("an mkey needs the endpoint name it belongs to")
        segments.append(quote_mkey(mkey))
    child_segments = _child_segments(children)
    if child_segments and mkey is None:
        raise ConfigurationError("child tables need the mkey of the parent object")
    segments.extend(child_segments)
    if action is not None:
        if api == "cmdb":
            raise ConfigurationError(
                f"cmdb actions are query parameters, not path segments: use build_query(action={action!r})"
            )
        segments.append(_segment(action, "action"))
    return f"{API_PREFIX}/" + "/".join(segments)


def _check_port(text: str, original: str) -> int:
    if not _PORT.fullmatch(text) or not 1 <= int(text) <= 65535:
        raise ConfigurationError(f"invalid port {text!r} in host {original!r}: expected a number from 1 to 65535")
    return int(text)


def _ipv6(text: str, original: str) -> str:
    if "%" in text:
        raise ConfigurationError(f"IPv6 zone ids are not supported in host {original!r}")
    try:
        return f"[{ipaddress.IPv6Address(text).compressed}]"
    except ValueError as exc:
        raise ConfigurationError(f"invalid IPv6 address {text!r} in host {original!r}") from exc


def _hostname(text: str, original: str) -> str:
    if not text:
        raise ConfigurationError(f"no host name in host {original!r}")
    if all(char.isdigit() or char == "." for char in text):  # looks like IPv4: must be one
        try:
            return ipaddress.IPv4Address(text).compressed
        except ValueError as exc:
            raise ConfigurationError(f"invalid IPv4 address {text!r} in host {original!r}") from exc
    labels = text[:-1].split(".") if text.endswith(".") else text.split(".")
    if len(text) > 253 or not all(label.isascii() and _HOST_LABEL.fullmatch(label) for label in labels):
        raise ConfigurationError(
            f"invalid host name {text!r} in {original!r} (use ASCII or punycode labels of letters, "
            "digits and '-')"
        )
    return text


def _authority(text: str, original: str) -> tuple[str, int | None]:
    """`host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address -> (host for a URL, port)."""
    if "@" in text:
        raise ConfigurationError(f"user info is not allowed in a host: {original!r} (pass credentials apart)")
    if text.startswith("["):
        inside, bracket, rest = text[1:].partition("]")
        if not bracket:
            raise ConfigurationError(f"unclosed '[' in host {original!r}")
        host = _ipv6(inside, original)
        if not rest:
            return host, None
        if not rest.startswith(":"):
            raise ConfigurationError(f"unexpected {rest!r} after the IPv6 address in host {original!r}")
        return host, _check_port(rest[1:], original)
    if text.count(":") >= 2:  # a bare IPv6 address; a port needs the [v6]:port form
        return _ipv6(text, original), None
    host_text, colon, port_text = text.partition(":")
    return _hostname(host_text, original), (_check_port(port_text, original) if colon else None)


def _check_plain_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"{what} must be a str, not {type(value).__name__}")
    if not value:
        raise ConfigurationError(f"{what} must not be empty")
    # The only whitespace str.isprintable() accepts is the space itself (every other one is a
    # control or separator character): one C-level pass instead of a loop per character.
    if not value.isprintable() or " " in value:
        raise ConfigurationError(f"{what} {value!r} contains whitespace or control characters")
    return value


def base_url_for(host: str, *, scheme: str = "https") -> str:
    """A base URL from the `host` a user gives: `192.168.1.99`, `fw.example.com:8443`, `::1`,
    `[::1]:8443`, `https://10.0.0.1:4443` or `http://127.0.0.1:8080`.

    `scheme` applies when `host` has none; a scheme written in `host` wins. No path, query,
    fragment or user info is accepted (one trailing `/` after a URL is).
    """
    _check_plain_text(host, "host")
    if not isinstance(scheme, str):
        raise ConfigurationError(f"scheme must be a str, not {type(scheme).__name__}")
    return _base_url(host, scheme.lower())


@lru_cache(maxsize=256)  # a fleet makes many clients of a few hosts: each host is read once (errors aren't cached)
def _base_url(host: str, scheme: str) -> str:
    authority = host
    if "://" in host:
        given, _, authority = host.partition("://")
        scheme = given.lower()
        if authority.endswith("/"):
            authority = authority[:-1]
    if scheme not in _SCHEMES:
        raise ConfigurationError(f"unsupported scheme {scheme!r} in host {host!r}; expected 'https' or 'http'")
    if any(char in authority for char in "/?#\\"):
        raise ConfigurationError(f"host {host!r} must not carry a path, query or fragment")
    if not authority:
        raise ConfigurationError(f"no host in {host!r}")
    hostname, port = _authority(authority, host)
    return f"{scheme}://{hostname}" + ("" if port is None else f":{port}")


@lru_cache(maxsize=256)  # every request of a client checks the same base URL: do it once (errors aren't cached)
def _check_base_url(base_url: str) -> str:
    _check_plain_text(base_url, "base_url")
    try:
        parts = urlsplit(base_url)
    except ValueError as exc:  # e.g. an unclosed '[' around an IPv6 address
        raise ConfigurationError(f"invalid base_url {base_url!r}: {exc}") from exc
    if parts.scheme.lower() not in _SCHEMES:
        raise ConfigurationError(f"base_url {base_url!r} must start with https:// or http://")
    if "?" in base_url or "#" in base_url or parts.path not in ("", "/"):
        raise ConfigurationError(f"base_url {base_url!r} must not have a path, query or fragment")
    _authority(parts.netloc, base_url)
    return base_url[:-1] if base_url.endswith("/") else base_url


def _check_absolute_path(path: str) -> str:
    _check_plain_text(path, "path")
    if not path.startswith("/") or path.startswith("//"):
        raise ConfigurationError(f"path {path!r} must start with a single '/'")
    if "?" in path or "#" in path or "\\" in path:  # three scans in C, no generator per request
        raise ConfigurationError(f"path {path!r} must not contain '?', '#' or '\\' (pass the query apart)")
    return path


def build_url(base_url: str, path: str, query: Sequence[tuple[str, str]] = ()) -> str:
    """`base_url` + `path` (already encoded, e.g. from `api_path`) + `?` + the encoded query."""
    url = _check_base_url(base_url) + _check_absolute_path(path)
    encoded = encode_query(query)
    return f"{url}?{encoded}" if encoded else url


def _check_raw_segment(segment: str, path: str) -> None:
    if not segment:
        raise ConfigurationError(f"empty segment ('//') in path {path!r}")
    if not _RAW_SEGMENT.fullmatch(segment):
        raise ConfigurationError(
            f"invalid segment {segment!r} in path {path!r}: percent-encode it (see quote_mkey); "
            "'%' must start a two-digit hex escape"
        )
    # Catch encoded traversal too: `%2e%2e`, `.%2E`, or `..` hidden behind an encoded slash.
    if any(part in (".", "..") for part in re.split(r"[/\\]", unquote(segment))):
        raise ConfigurationError(f"path traversal segment {segment!r} in path {path!r}")


def normalize_request_path(path: str) -> str:
    """The absolute `/api/v2/...` path for a raw `fgt.request(method, path)`.

    Accepts `monitor/system/status`, `/api/v2/monitor/system/status`,
    `api/v2/cmdb/firewall/address/web%20server` or `cmdb/firewall/address`. Segments are taken
    as already percent-encoded; traversal (literal or encoded), `?`, `#`, whitespace, a scheme
    or host, and an API other than cmdb, monitor, log or service are refused. A trailing `/`
    is kept.
    """
    _check_plain_text(path, "path")
    if "://" in path or path.startswith("//"):
        raise ConfigurationError(f"path {path!r} must not name a scheme or host: give the path only")
    if "?" in path or "#" in path:
        raise ConfigurationError(f"path {path!r} must not contain '?' or '#': pass query parameters apart")
    relative = path[1:] if path.startswith("/") else path
    prefix = API_PREFIX[1:] + "/"
    if relative.startswith(prefix):
        relative = relative[len(prefix) :]
    segments = relative.split("/")
    trailing_slash = len(segments) > 1 and segments[-1] == ""
    if trailing_slash:
        segments.pop()
    if segments[0] not in APIS:
        raise ConfigurationError(
            f"path {path!r} does not name an API: expected {', '.join(APIS)} (optionally after {API_PREFIX}/)"
        )
    for segment in segments[1:]:
        _check_raw_segment(segment, path)
    return f"{API_PREFIX}/" + "/".join(segments) + ("/" if trailing_slash else "")


def is_cmdb_collection(path: str) -> bool:
    """Whether an absolute `/api/v2/cmdb/...` path names a whole table or child table (or the
    cmdb root) rather than one object.

    cmdb paths alternate names and keys: `cmdb/{path}/{name}/{key}[/{child}/{key}]...`, so an
    object has an odd number of segments after `cmdb/`; an even number (or a key that is
    empty or blank once decoded) ends at a collection. FortiOS answers a DELETE there by
    deleting every object of that collection it can.
    """
    prefix = f"{API_PREFIX}/cmdb"
    if not path.startswith(prefix) or path[len(prefix):len(prefix) + 1] not in ("", "/"):
        return False
    segments = path[len(prefix) + 1:].split("/")
    if segments and segments[-1] == "":
        segments.pop()
    return len(segments) % 2 == 0 or any(not unquote(segment).strip() for segment in segments)
