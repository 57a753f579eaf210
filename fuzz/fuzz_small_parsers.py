"""Fuzz target: the small parsers of core, one input each, picked by the first byte.

`Retry-After` values and `cli_error` texts come from the FortiGate; request paths and host
strings come from users. Each either parses or raises its documented error, nothing else:

  errors.parse_retry_after      -> float >= 0 or None, never raises on a str
  errors.code_from_cli_error    -> int or None, never raises on a str
  cookies.parse_cookie_date     -> float or None, never raises on a str
  urls.normalize_request_path   -> an /api/v2/ path without traversal, or ConfigurationError
  urls.base_url_for             -> an http(s) base URL, or ConfigurationError

Run:  .venv/bin/python fuzz/fuzz_small_parsers.py [--iterations N] [--seed S] [--atheris ...]
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from _runner import main  # fuzz/ is sys.path[0] when run as a script

from hfortix.core.cookies import parse_cookie_date
from hfortix.core.errors import ConfigurationError, code_from_cli_error, parse_retry_after
from hfortix.core.urls import base_url_for, normalize_request_path

SEEDS = (
    b"\x0030", b"\x00Wed, 21 Oct 2026 07:28:00 GMT",
    b"\x01node_check_object fail! for name Command fail. Return code -651",
    b"\x02Thu, 01 Jan 1973 00:00:00 GMT", b"\x02Thursday, 01-Jan-73 00:00:00 GMT",
    b"\x03monitor/system/status", b"\x03/api/v2/cmdb/firewall/address/a%2Fb", b"\x03cmdb/../../etc",
    b"\x04192.168.1.99", b"\x04[::1]:8443", b"\x04https://fw.example.com:4443", b"\x04http://127.0.0.1:80",
)


def target(data: bytes) -> None:
    if not data:
        return
    choice, text = data[0] % 5, data[1:].decode("utf-8", errors="replace")
    if choice == 0:
        seconds = parse_retry_after(text, now=1_800_000_000.0)
        assert seconds is None or seconds >= 0
    elif choice == 1:
        code = code_from_cli_error(text)
        assert code is None or isinstance(code, int)
    elif choice == 2:
        moment = parse_cookie_date(text)
        assert moment is None or isinstance(moment, float)
    elif choice == 3:
        try:
            path = normalize_request_path(text)
        except ConfigurationError:
            return
        assert path.startswith("/api/v2/")
        segments = unquote(path).split("/")
        assert ".." not in segments and "." not in segments and "?" not in path and "#" not in path
    else:
        try:
            base = base_url_for(text)
        except ConfigurationError:
            return
        parts = urlsplit(base)
        assert parts.scheme in ("http", "https") and parts.hostname and not parts.query and not parts.fragment


if __name__ == "__main__":
    main(target, seeds=SEEDS)
