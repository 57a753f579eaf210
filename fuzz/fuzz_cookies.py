"""Fuzz target: the FortiGate's Set-Cookie headers, which a client cannot trust, never break us.

The invariant (as in h11): parse or reject, nothing else. `parse_set_cookie` returns a tuple
or None; the jar ignores what it cannot parse; nothing the jar will echo in a Cookie or
X-CSRFTOKEN header can carry CR, LF, NUL or non-ASCII (header injection).

Run:  .venv/bin/python fuzz/fuzz_cookies.py [--iterations N] [--seed S] [--atheris ...]
"""

from __future__ import annotations

from _runner import main  # fuzz/ is sys.path[0] when run as a script

from hfortix.core import Response
from hfortix.core.cookies import SessionCookies, parse_set_cookie

# What FortiGates really send (one Set-Cookie value per line), to mutate from.
SEEDS: tuple[bytes, ...] = (
    b'APSCOOKIE_11="Era%3D0%26Payload%3DabcDEF%26AuthHash%3Dxyz"; path=/; HttpOnly; secure',
    b'ccsrftoken="C0FFEE00112233"; path=/\nccsrftoken_443="C0FFEE00112233"; path=/',
    b'ccsrftoken="0%260"; path=/; expires=Thu, 01 Jan 1973 00:00:00 GMT',
    b"session_key_443_5f2a=k3yk3y; Path=/; HttpOnly; Secure; SameSite=Strict",
    b'ccsrf_token_443_5f2a="T0KEN"; Path=/; Max-Age=0',
    b'APSCOOKIE_11="0%260"; expires=Thursday, 01-Jan-73 00:00:00 GMT; path=/',
)


def _check_echoable(text: str | None) -> None:
    if text is not None:
        assert all(" " <= char < "\x7f" for char in text), "unsafe character in an echoed header"


def target(data: bytes) -> None:
    """Parse `data` as Set-Cookie values (one per line) and check the invariants."""
    text = data.decode("utf-8", errors="surrogateescape")  # every byte string becomes some str
    lines = text.split("\n")
    for line in lines:
        parsed = parse_set_cookie(line)
        if parsed is not None:
            name, value, attributes = parsed
            assert name and not any(char in name for char in ";= \t")
            _check_echoable(value)
            assert all(key == key.lower() and ";" not in key for key in attributes)
    jar = SessionCookies()
    jar.update(Response(200, tuple(("Set-Cookie", line) for line in lines)), now=0.0)
    _check_echoable(jar.header())
    _check_echoable(jar.csrf_token())
    _check_echoable(jar.session_key())
    assert len(jar.names()) == len(jar) <= len(lines)
    repr(jar)


if __name__ == "__main__":
    main(target, seeds=SEEDS)
