"""A guard for tests that run documentation examples: traffic may go to loopback only.

`refuse_other_hosts(monkeypatch)` patches `socket.socket.connect` and `socket.getaddrinfo` so
that any connection or name lookup for a host other than 127.0.0.1, ::1 or localhost raises
PermissionError; it returns the list of refused hosts, which the caller asserts is empty.
"""

from __future__ import annotations

import socket
from typing import Any

import pytest

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def refuse_other_hosts(monkeypatch: pytest.MonkeyPatch, who: str = "test") -> list[str]:
    refused: list[str] = []
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def check(host: Any) -> None:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in LOOPBACK:  # None: a local wildcard, not traffic
            refused.append(str(name))
            raise PermissionError(f"{who}: traffic to {name!r} refused, loopback only")

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address[0])
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        check(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return refused
