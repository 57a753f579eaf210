"""InMemoryTransport and AsyncInMemoryTransport, driven by a small fake app."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import anyio
import pytest

from hfortix.core import Request, errors
from hfortix.transports import (
    AsyncInMemoryTransport,
    AsyncTransport,
    HTTPTransport,
    InMemoryTransport,
    Transport,
    TransportClosedError,
)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class FakeApp:
    """Answers every request with a JSON report of what it received."""

    calls: list[tuple[str, str, list[tuple[str, str]], bytes]] = field(default_factory=list)
    fault: BaseException | None = None

    def handle(self, method: str, target: str, headers: list[tuple[str, str]], body: bytes) -> Reply:
        self.calls.append((method, target, headers, body))
        if self.fault is not None:
            raise self.fault
        report = {"method": method, "target": target, "headers": headers, "body": body.decode("latin-1")}
        return Reply(201, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")], json.dumps(report).encode())


def test_the_app_sees_the_request_as_a_socket_peer_would() -> None:
    app = FakeApp()
    with InMemoryTransport(app) as transport:
        response = transport.send(
            Request(
                "POST",
                "https://fgt.example:8443/api/v2/cmdb/firewall/address/a%2Fb?vdom=root&access_token=t",
                (("Authorization", "Bearer t"), ("X-Dup", "1"), ("X-Dup", "2")),
                b'{"name": "a/b"}',
            )
        )
    [(method, target, headers, body)] = app.calls
    assert (method, body) == ("POST", b'{"name": "a/b"}')
    assert target == "/api/v2/cmdb/firewall/address/a%2Fb?vdom=root&access_token=t"
    assert headers[0] == ("Host", "fgt.example:8443")
    assert headers[1:4] == [("Authorization", "Bearer t"), ("X-Dup", "1"), ("X-Dup", "2")]
    assert dict(headers)["User-Agent"].startswith("hfortix/")
    assert dict(headers)["Content-Length"] == "15"
    assert response.status_code == 201
    assert response.header_list("Set-Cookie") == ["a=1", "b=2"]


def test_host_omits_the_default_port_and_the_target_defaults_to_slash() -> None:
    app = FakeApp()
    with InMemoryTransport(app) as transport:
        transport.send(Request("GET", "https://fgt.example:443"))
    [(_, target, headers, body)] = app.calls
    assert (target, headers[0], body) == ("/", ("Host", "fgt.example"), b"")
    assert "Content-Length" not in dict(headers)  # a GET without a body has no framing header


def test_same_target_and_headers_as_over_a_socket(http_server: Any) -> None:
    request = Request("PATCH", http_server.url("/echo?filter=name=@a b&vdom=root"), (("X-A", "1"),), b"x")
    with HTTPTransport() as transport:
        over_socket = json.loads(transport.send(request).content)
    app = FakeApp()
    with InMemoryTransport(app) as memory:
        in_memory = json.loads(memory.send(request).content)
    assert in_memory["target"] == over_socket["target"] == "/echo?filter=name=@a%20b&vdom=root"
    assert [tuple(pair) for pair in in_memory["headers"]] == [tuple(pair) for pair in over_socket["headers"]]


def test_socket_faults_from_the_app_become_transport_errors() -> None:
    request = Request("GET", "https://admin:PASSWORD@fgt.example/api/v2/monitor/system/status?access_token=SECRET")
    transport = InMemoryTransport(FakeApp(fault=ConnectionResetError("reset by emulator")))
    with transport, pytest.raises(errors.ConnectionError, match="reset by emulator") as caught:
        transport.send(request)
    # Neither the query (access_token) nor user info reach the message or the url attribute.
    assert caught.value.url == "https://fgt.example/api/v2/monitor/system/status"
    assert "SECRET" not in str(caught.value) and "PASSWORD" not in str(caught.value)
    transport = InMemoryTransport(FakeApp(fault=TimeoutError("slow")))
    with transport, pytest.raises(errors.TimeoutError):
        transport.send(request)


def test_other_app_errors_propagate_unchanged() -> None:
    transport = InMemoryTransport(FakeApp(fault=KeyError("bug in the app")))
    with transport, pytest.raises(KeyError, match="bug in the app"):
        transport.send(Request("GET", "https://fgt.example/"))


def test_closed_in_memory_transport_refuses() -> None:
    transport = InMemoryTransport(FakeApp())
    transport.close()
    transport.close()
    with pytest.raises(TransportClosedError):
        transport.send(Request("GET", "https://fgt.example/"))


def test_an_object_without_handle_is_rejected() -> None:
    with pytest.raises(errors.ConfigurationError, match="handle"):
        InMemoryTransport(object())  # type: ignore[arg-type]
    with pytest.raises(errors.ConfigurationError, match="handle"):
        AsyncInMemoryTransport(lambda: None)  # type: ignore[arg-type]


def test_they_satisfy_the_transport_protocols() -> None:
    assert isinstance(InMemoryTransport(FakeApp()), Transport)
    assert isinstance(AsyncInMemoryTransport(FakeApp()), AsyncTransport)
    assert not isinstance(AsyncInMemoryTransport(FakeApp()), Transport)


@pytest.mark.anyio
async def test_async_in_memory_under_each_loop(anyio_backend: str) -> None:
    app = FakeApp()
    async with AsyncInMemoryTransport(app) as transport:
        response = await transport.send(Request("DELETE", "http://10.0.0.1/api/v2/cmdb/firewall/address/x"))
    assert json.loads(response.content)["method"] == "DELETE"
    [(_, target, headers, _)] = app.calls
    assert target == "/api/v2/cmdb/firewall/address/x"
    assert [name for name, _ in headers] == ["Host", "User-Agent"]
    assert transport.closed
    with pytest.raises(TransportClosedError):
        await transport.send(Request("GET", "http://10.0.0.1/"))


@pytest.mark.anyio
async def test_async_in_memory_is_cancelled_before_the_app_is_called(anyio_backend: str) -> None:
    app = FakeApp()
    async with AsyncInMemoryTransport(app) as transport:
        with anyio.CancelScope() as scope:
            scope.cancel()
            await transport.send(Request("GET", "http://10.0.0.1/"))
        assert scope.cancelled_caught
        assert app.calls == []
        await transport.send(Request("GET", "http://10.0.0.1/"))
    assert len(app.calls) == 1
