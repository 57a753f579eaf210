"""The emulator's server and harness over real sockets, with httpx as the client.

These tests are about HTTP mechanics, so they serve a tiny echo app (the FortiOS behaviour
has its own tests); test_server_app.py runs the same server with the real EmulatorApp.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import anyio
import httpx
import pytest

from hfortix.emulator.faults import Faults
from hfortix.emulator.server import EmulatorServer, ServerStats, identity_of
from hfortix.testing import FortiGateEmulator


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class EchoApp:
    """Answers every request with what it received; `fail_on` paths raise (an app bug)."""

    token: str = "echo-token"
    calls: list[tuple[str, str]] = field(default_factory=list)
    fail_on: str = "/boom"

    def handle(self, method: str, target: str, headers: Sequence[tuple[str, str]], body: bytes) -> Reply:
        if target.startswith(self.fail_on):
            raise RuntimeError("the app fell over")
        self.calls.append((method, target))
        echo = {"method": method, "target": target, "headers": [list(h) for h in headers], "size": len(body)}
        return Reply(200, [("content-type", "application/json")], json.dumps(echo).encode())


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def emu() -> Iterator[FortiGateEmulator]:
    with FortiGateEmulator(app=EchoApp()) as emulator:
        yield emulator


def client_for(emu: FortiGateEmulator, **options: object) -> httpx.Client:
    return httpx.Client(base_url=emu.url, verify=emu.ssl_context() if not emu.http else False, **options)  # type: ignore[arg-type]


# -- HTTPS, HTTP, keep-alive ---------------------------------------------------------------------


def test_https_verified_against_the_emulator_ca_with_keep_alive(emu: FortiGateEmulator) -> None:
    assert emu.url == f"https://127.0.0.1:{emu.port}" and emu.host == f"127.0.0.1:{emu.port}"
    assert emu.ca is not None and os.path.exists(emu.ca)
    with client_for(emu) as client:
        answers = [client.get(f"/api/v2/cmdb/firewall/address?n={n}") for n in range(20)]
    assert [a.status_code for a in answers] == [200] * 20
    assert answers[3].json()["target"] == "/api/v2/cmdb/firewall/address?n=3"
    assert emu.stats.requests_total == 20
    assert emu.stats.connections_total == 1  # one connection carried all twenty
    assert emu.stats.statuses[200] == 20


def test_the_certificate_is_not_trusted_without_the_ca(emu: FortiGateEmulator) -> None:
    with httpx.Client(verify=ssl.create_default_context()) as client, pytest.raises(httpx.ConnectError):
        client.get(emu.url + "/api/v2/monitor/system/status")


def test_the_certificate_names_localhost_too(emu: FortiGateEmulator) -> None:
    with httpx.Client(verify=emu.ssl_context()) as client:
        assert client.get(f"https://localhost:{emu.port}/x").status_code == 200


def test_plain_http_on_request() -> None:
    with FortiGateEmulator(app=EchoApp(), http=True) as emu:
        assert emu.url.startswith("http://")
        with pytest.raises(RuntimeError, match="plain HTTP"):
            emu.ca  # noqa: B018
        with httpx.Client() as client:
            answer = client.post(emu.url + "/api/v2/cmdb/firewall/address", json={"name": "a"})
        assert answer.status_code == 200 and answer.json()["method"] == "POST"
        assert answer.json()["size"] == len(b'{"name":"a"}')
        with pytest.raises(RuntimeError, match="plain HTTP"):
            emu.ssl_context()


def test_the_app_gets_method_target_headers_and_body(emu: FortiGateEmulator) -> None:
    with client_for(emu) as client:
        echo = client.put("/api/v2/cmdb/firewall/address/a%2Fb?vdom=root&access_token=t",
                          content=b"x" * 70_000, headers={"X-CSRFTOKEN": "abc"}).json()
    assert echo["method"] == "PUT"
    assert echo["target"] == "/api/v2/cmdb/firewall/address/a%2Fb?vdom=root&access_token=t"  # as on the wire
    assert ["x-csrftoken", "abc"] in echo["headers"]  # names lowercased, as h11 gives them
    assert echo["size"] == 70_000
    assert emu.stats.received[-1] == ("PUT", "/api/v2/cmdb/firewall/address/a%2Fb?vdom=root&access_token=t")


def test_head_announces_the_length_without_a_body(emu: FortiGateEmulator) -> None:
    with client_for(emu) as client:
        head = client.head("/api/v2/monitor/system/status")
        get = client.get("/api/v2/monitor/system/status")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) > 0
    assert get.status_code == 200  # the connection is still in step after the HEAD
    assert emu.stats.connections_total == 1


def test_an_app_exception_becomes_a_500_envelope_and_the_server_lives_on(emu: FortiGateEmulator) -> None:
    with client_for(emu) as client:
        broken = client.get("/boom/api")
        fine = client.get("/api/v2/monitor/system/status")
    assert broken.status_code == 500
    assert broken.json()["status"] == "error"
    assert "RuntimeError: the app fell over" in broken.json()["cli_error"]
    assert fine.status_code == 200


# -- concurrency ----------------------------------------------------------------------------------


def test_concurrent_clients_each_on_their_own_connection(emu: FortiGateEmulator) -> None:
    failures: list[BaseException] = []

    def one_client(n: int) -> None:
        try:
            with client_for(emu) as client:
                for i in range(10):
                    answer = client.get(f"/api/v2/cmdb/firewall/address?client={n}&i={i}")
                    assert answer.json()["target"].endswith(f"client={n}&i={i}")
        except BaseException as exc:  # reported below, from the main thread
            failures.append(exc)

    threads = [threading.Thread(target=one_client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert emu.stats.requests_total == 80
    assert emu.stats.connections_total == 8


@pytest.mark.anyio
async def test_max_in_flight_shows_the_client_concurrency_limit(anyio_backend: str) -> None:
    async with FortiGateEmulator(app=EchoApp(), http=True, latency_ms=300) as emu:
        client = httpx.AsyncClient(base_url=emu.url, limits=httpx.Limits(max_connections=3))
        async with client, anyio.create_task_group() as tasks:
            for n in range(9):
                tasks.start_soon(client.get, f"/api/v2/monitor/system/status?n={n}")
        assert emu.stats.requests_total == 9
        assert emu.stats.max_in_flight == 3  # the latency keeps three overlapping; the limit forbids four
        assert emu.stats.in_flight == 0


def test_stats_reset_and_a_bounded_log() -> None:
    stats = ServerStats(log_size=3)
    for n in range(5):
        stats.request_started("GET", f"/{n}")
        stats.request_finished()
    assert list(stats.received) == [("GET", "/2"), ("GET", "/3"), ("GET", "/4")]
    assert stats.requests_total == 5 and stats.max_in_flight == 1
    stats.reset()
    assert stats.requests_total == 0 and stats.max_in_flight == 0 and not stats.received
    with pytest.raises(ValueError, match="log_size"):
        ServerStats(log_size=-1)


# -- the async harness, under asyncio and trio ----------------------------------------------------


@pytest.mark.anyio
async def test_async_harness_serves_https_in_the_running_loop(anyio_backend: str) -> None:
    async with FortiGateEmulator(app=EchoApp()) as emu:
        async with httpx.AsyncClient(base_url=emu.url, verify=emu.ssl_context()) as client:
            answers = [await client.get(f"/api/v2/monitor/system/status?n={n}") for n in range(5)]
        assert [a.status_code for a in answers] == [200] * 5
        assert emu.stats.connections_total == 1
        ca = emu.ca
        assert ca is not None and os.path.exists(ca)
    assert not os.path.exists(ca)  # removed at shutdown
    assert not emu.running


@pytest.mark.anyio
async def test_async_harness_restarts_with_the_same_app(anyio_backend: str) -> None:
    emu = FortiGateEmulator(app=EchoApp(), http=True)
    for n in range(3):
        async with emu, httpx.AsyncClient() as client:
            assert (await client.get(f"{emu.url}/api/v2/x?round={n}")).status_code == 200
    assert len(emu.app.calls) == 3 and emu.stats.requests_total == 3


def test_threaded_harness_under_trio() -> None:
    with FortiGateEmulator(app=EchoApp(), backend="trio") as emu, client_for(emu) as client:
        assert client.get("/api/v2/monitor/system/status").status_code == 200


def test_sync_harness_usable_from_async_code() -> None:
    async def main(url: str, verify: ssl.SSLContext) -> int:
        async with httpx.AsyncClient(verify=verify) as client:
            return (await client.get(url + "/api/v2/x")).status_code

    with FortiGateEmulator(app=EchoApp()) as emu:
        assert anyio.run(main, emu.url, emu.ssl_context()) == 200


# -- request bodies -------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_with_413() -> None:
    with FortiGateEmulator(app=EchoApp(), max_body_bytes=1024) as emu, client_for(emu) as client:
        assert client.post("/api/v2/cmdb/firewall/address", content=b"x" * 1024).status_code == 200
        refused = client.post("/api/v2/cmdb/firewall/address", content=b"x" * 5000)
        assert refused.status_code == 413
        assert refused.json()["http_status"] == 413 and refused.json()["status"] == "error"
        assert refused.headers["connection"] == "close"
        assert client.get("/api/v2/x").status_code == 200  # the client reconnects and carries on
    assert len(emu.app.calls) == 2  # the refused body never reached the app


def test_a_chunked_body_over_the_limit_is_refused_with_413() -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10):
            yield b"y" * 500

    with FortiGateEmulator(app=EchoApp(), max_body_bytes=2000, http=True) as emu, httpx.Client() as client:
        assert client.post(emu.url + "/api/v2/x", content=chunks()).status_code == 413


def test_the_default_limit_is_32_mib_and_a_larger_body_gets_413(emu: FortiGateEmulator) -> None:
    with client_for(emu) as client:
        assert client.post("/api/v2/x", content=b"z" * (32 * 1024 * 1024)).json()["size"] == 32 * 1024 * 1024
        assert client.post("/api/v2/x", content=b"z" * (32 * 1024 * 1024 + 1)).status_code == 413


def raw_exchange(port: int, data: bytes) -> bytes:
    """Send raw bytes to the (plain HTTP) emulator and read until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
        return received


def test_expect_100_continue_and_pipelining_on_one_connection() -> None:
    with FortiGateEmulator(app=EchoApp(), http=True) as emu:
        sock = socket.create_connection(("127.0.0.1", emu.port), timeout=10)
        with sock:
            sock.sendall(b"POST /api/v2/x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n")
            sock.sendall(b"Expect: 100-continue\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 100 ")
            sock.sendall(b"hello")
            sock.sendall(b"GET /one HTTP/1.1\r\nHost: h\r\n\r\n")  # two requests back to back, not waiting
            sock.sendall(b"GET /two HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
    assert received.count(b"HTTP/1.1 200 OK") == 3
    assert b'"size": 5' in received and received.index(b'"/one"') < received.index(b'"/two"')


def test_garbage_gets_400_and_the_connection_closes() -> None:
    with FortiGateEmulator(app=EchoApp(), http=True) as emu:
        answer = raw_exchange(emu.port, b"NOT HTTP AT ALL\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 400 ")
        fine = raw_exchange(emu.port, b"GET /fine HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        assert fine.startswith(b"HTTP/1.1 200 ")


def test_plain_http_to_the_https_port_is_dropped_quietly(emu: FortiGateEmulator) -> None:
    assert raw_exchange(emu.port, b"GET / HTTP/1.1\r\nHost: h\r\n\r\n") == b""
    with client_for(emu) as client:
        assert client.get("/api/v2/x").status_code == 200


# -- shutdown and restart -------------------------------------------------------------------------


def test_shutdown_answers_the_request_in_flight() -> None:
    emu = FortiGateEmulator(app=EchoApp(), http=True, latency_ms=500)
    answers: list[httpx.Response] = []
    with emu:
        client = httpx.Client(timeout=30)
        thread = threading.Thread(target=lambda: answers.append(client.get(emu.url + "/api/v2/slow")))
        thread.start()
        with anyio.from_thread.start_blocking_portal() as portal:  # a loop just to poll politely
            portal.call(wait_for, lambda: emu.stats.in_flight == 1)
    # the with block has ended (shutdown) while the request was still being answered
    thread.join()
    client.close()
    assert answers[0].status_code == 200
    assert answers[0].headers["connection"] == "close"  # told not to come back on this connection


async def wait_for(condition: object) -> None:
    with anyio.fail_after(10):
        while not condition():  # type: ignore[operator]
            await anyio.sleep(0.01)


def test_shutdown_closes_idle_keep_alive_connections() -> None:
    with FortiGateEmulator(app=EchoApp(), http=True) as emu:
        sock = socket.create_connection(("127.0.0.1", emu.port), timeout=10)
        sock.sendall(b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200 ")
        assert emu.stats.connections_open == 1
    with sock:
        assert sock.recv(100) == b""  # closed by the server's shutdown, not left hanging
    assert emu.stats.connections_open == 0


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors through /proc")
def test_restart_many_times_without_leaking() -> None:
    emu = FortiGateEmulator(app=EchoApp())
    threads, descriptors = threading.active_count(), open_descriptors()
    ports, cas = set(), []
    for n in range(30):
        with emu, client_for(emu) as client:
            assert client.get(f"/api/v2/x?round={n}").status_code == 200
            ports.add(emu.port)
            cas.append(emu.ca)
    assert emu.stats.requests_total == 30 and len(emu.app.calls) == 30
    assert not any(os.path.exists(ca) for ca in cas)
    assert threading.active_count() == threads
    assert open_descriptors() == descriptors
    assert len(ports) > 1  # port 0: a fresh ephemeral port at each start


def test_many_emulators_side_by_side() -> None:
    emulators = [FortiGateEmulator(app=EchoApp(), http=True) for _ in range(5)]
    for emu in emulators:
        emu.__enter__()
    try:
        assert len({emu.port for emu in emulators}) == 5
        with httpx.Client() as client:
            for emu in emulators:
                assert client.get(emu.url + "/api/v2/x").status_code == 200
    finally:
        for emu in emulators:
            emu.__exit__(None, None, None)


def test_a_fixed_port_can_be_reused_right_after_shutdown() -> None:
    emu = FortiGateEmulator(app=EchoApp(), http=True)
    with emu, httpx.Client() as client:
        port = emu.port
        client.get(emu.url + "/api/v2/x")
    again = FortiGateEmulator(app=EchoApp(), http=True, port=port)
    with again, httpx.Client() as client:
        assert again.port == port and client.get(again.url + "/api/v2/x").status_code == 200


def test_a_taken_port_fails_at_start_and_cleans_up() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        emu = FortiGateEmulator(app=EchoApp(), port=taken.getsockname()[1])
        threads = threading.active_count()
        with pytest.raises(OSError), emu:
            pass
        assert not emu.running and threading.active_count() == threads


@pytest.mark.skipif(not socket.has_ipv6, reason="no IPv6")
def test_binds_ipv6_loopback() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("::1 is not configured")
    with FortiGateEmulator(app=EchoApp(), host="::1") as emu:
        assert emu.host == f"[::1]:{emu.port}"
        with httpx.Client(verify=emu.ssl_context()) as client:
            assert client.get(emu.url + "/api/v2/x").status_code == 200


# -- options and misuse -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"port": 70000}, "port"),
        ({"port": -1}, "port"),
        ({"host": ""}, "host"),
        ({"backend": "curio"}, "backend"),
        ({"http": "yes"}, "http"),
        ({"faults": {"error_rate": 1}}, "faults"),
        ({"latency_ms": -5}, "latency_ms"),
        ({"latency_ms": 5, "faults": Faults(latency_ms=10)}, "latency_ms"),
        ({"max_body_bytes": -1}, "max_body_bytes"),
        ({"token": "t"}, "app= was given"),
    ],
)
def test_bad_options_are_named(options: dict[str, object], problem: str) -> None:
    with pytest.raises((TypeError, ValueError), match=problem):
        FortiGateEmulator(app=EchoApp(), **options)  # type: ignore[arg-type]


def test_addresses_are_only_known_while_running() -> None:
    emu = FortiGateEmulator(app=EchoApp())
    for name in ("host", "url", "port", "ca"):
        with pytest.raises(RuntimeError, match="not running"):
            getattr(emu, name)
    assert emu.token == "echo-token"  # the app's token is known before start
    with emu:
        with pytest.raises(RuntimeError, match="already running"), emu:
            pass
        assert emu.running
    assert "stopped" in repr(emu)


def test_server_options_are_validated() -> None:
    with pytest.raises(TypeError, match="handle"):
        EmulatorServer(object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="tls"):
        EmulatorServer(EchoApp(), tls="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="grace_seconds"):
        EmulatorServer(EchoApp(), grace_seconds=-1)


@pytest.mark.anyio
async def test_a_server_serves_once(anyio_backend: str) -> None:
    server = EmulatorServer(EchoApp(), tls=False)
    async with anyio.create_task_group() as task_group:
        await task_group.start(server.serve)
        server.stop()
    with pytest.raises(RuntimeError, match="serves once"):
        await server.serve()


def test_identity_for_server_made_envelopes_comes_from_the_app() -> None:
    @dataclass
    class Firmware:
        version: str = "v7.4.3"
        build: int = 2573

    class Described(EchoApp):
        firmware = Firmware()
        serial = "FGVM02TM12345678"
        vdoms = ("dmz", "root")

    identity = identity_of(Described())
    assert (identity.serial, identity.version, identity.build, identity.vdom) == (
        "FGVM02TM12345678", "v7.4.3", 2573, "dmz")
    plain = identity_of(EchoApp())  # an app that says nothing about itself still gets an envelope
    assert plain.version.startswith("v") and plain.vdom == "root"


@pytest.mark.anyio
async def test_extra_certificate_names(anyio_backend: str) -> None:
    server = EmulatorServer(EchoApp(), cert_names=["fortigate.test"])
    async with anyio.create_task_group() as task_group:
        await task_group.start(server.serve)
        assert server.ca_path is not None
        context = ssl.create_default_context(cafile=server.ca_path)
        assert server.port is not None
        stream = await anyio.connect_tcp("127.0.0.1", server.port, ssl_context=context, tls_hostname="fortigate.test")
        async with stream:
            await stream.send(b"GET /named HTTP/1.1\r\nHost: fortigate.test\r\nConnection: close\r\n\r\n")
            assert (await stream.receive()).startswith(b"HTTP/1.1 200 ")
        server.stop()
    with pytest.raises(ValueError, match="neither an IP address nor a host name"):
        EmulatorServer(EchoApp(), cert_names=["bad name"])
