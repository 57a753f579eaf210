"""Fault injection: the decisions (no I/O), then each fault kind as httpx sees it over a real socket."""

from __future__ import annotations

import json
import socket
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import httpx
import pytest

from hfortix.emulator.faults import (
    FaultInjector,
    Faults,
    Identity,
    RateLimitBurst,
    error_reply,
    is_eligible,
    parse_rate_limit,
)
from hfortix.testing import FortiGateEmulator

TABLE = "/api/v2/cmdb/firewall/address"


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class BulkyApp:
    """Answers 200 with a 40 KB JSON body, so a cut-short answer has plenty to cut."""

    token = "bulky-token"

    def handle(self, method: str, target: str, headers: Sequence[tuple[str, str]], body: bytes) -> Reply:
        rows = [{"name": f"address-{n}", "subnet": "10.0.0.0 255.255.255.0"} for n in range(800)]
        payload = {"http_method": method, "results": rows, "status": "success", "target": target}
        return Reply(200, [("content-type", "application/json")], json.dumps(payload).encode())


@pytest.fixture
def emu() -> Iterator[FortiGateEmulator]:
    with FortiGateEmulator(app=BulkyApp(), http=True) as emulator:
        yield emulator


@pytest.fixture
def client(emu: FortiGateEmulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emu.url, timeout=10) as http_client:
        yield http_client


def statuses(client: httpx.Client, count: int, path: str = TABLE) -> list[int]:
    return [client.get(path).status_code for _ in range(count)]


# -- decisions, without a network ----------------------------------------------------------------


def kinds(injector: FaultInjector, count: int, path: str = TABLE) -> list[str | None]:
    return [injector.decide("GET", path).kind for _ in range(count)]


def test_the_same_seed_gives_the_same_faults() -> None:
    config = Faults(error_rate=0.2, reset_rate=0.1, truncate_rate=0.1, stall_rate=0.1, jitter_ms=50)
    first, second = FaultInjector(config, seed=7), FaultInjector(config, seed=7)
    decisions = [first.decide("GET", TABLE) for _ in range(200)]
    assert decisions == [second.decide("GET", TABLE) for _ in range(200)]
    other = [FaultInjector(config, seed=8).decide("GET", TABLE) for _ in range(200)]
    assert other != decisions
    seen = {decision.kind for decision in decisions}
    assert seen == {None, "500", "503", "reset", "truncate", "stall"}
    assert all(0 <= decision.delay <= 0.05 for decision in decisions)


def test_rates_are_roughly_honoured() -> None:
    injector = FaultInjector(Faults(error_rate=0.25), seed=1)
    failed = sum(kind is not None for kind in kinds(injector, 4000))
    assert 800 < failed < 1200  # 1000 expected; a fixed seed makes this exact run repeatable
    assert injector.injected["500"] + injector.injected["503"] == failed


def test_changing_one_rate_does_not_reshuffle_the_draws() -> None:
    # every request consumes the same draws, so request k keeps its fate under a different config
    only_errors = kinds(FaultInjector(Faults(error_rate=0.3), seed=3), 300)
    with_latency = kinds(FaultInjector(Faults(error_rate=0.3, jitter_ms=10), seed=3), 300)
    assert only_errors == with_latency


def test_rate_limit_bursts_are_counted_not_timed() -> None:
    injector = FaultInjector(Faults(rate_limit_burst=RateLimitBurst(every=3, length=2, retry_after=7)))
    decisions = [injector.decide("GET", TABLE) for _ in range(9)]
    assert [d.kind for d in decisions] == [None, None, "429", "429", None, "429", "429", None, "429"]
    assert {d.retry_after for d in decisions if d.kind == "429"} == {7}


def test_scripted_faults_come_first_in_order_and_can_be_narrowed() -> None:
    injector = FaultInjector()
    injector.next("503", count=2)
    injector.next("429", retry_after=0)
    injector.next("reset", method="post", path="/api/v2/cmdb/firewall/policy")
    assert injector.pending == 4
    assert kinds(injector, 2) == ["503", "503"]
    assert injector.decide("GET", TABLE).retry_after == 0
    assert injector.decide("POST", TABLE).kind is None  # wrong path for the reset
    assert injector.decide("POST", "/api/v2/cmdb/firewall/policy/4").kind == "reset"
    assert injector.pending == 0 and kinds(injector, 3) == [None, None, None]
    assert injector.injected == {"503": 2, "429": 1, "reset": 1}
    injector.next(500, count=5)
    injector.clear()
    assert injector.pending == 0


def test_login_is_left_alone_unless_a_script_names_it() -> None:
    injector = FaultInjector(Faults(error_rate=1.0))
    assert injector.decide("POST", "/api/v2/authentication").kind is None
    assert injector.decide("POST", "/logincheck").kind is None
    assert injector.decide("GET", "/").kind is None
    assert injector.decide("GET", "/api/v2/monitor/system/status").kind in ("500", "503")
    injector.config = Faults()
    injector.next("503")  # an unfiltered script skips login too
    assert injector.decide("POST", "/api/v2/authentication").kind is None
    assert injector.decide("GET", TABLE).kind == "503"
    injector.next("503", path="/api/v2/authentication")
    assert injector.decide("POST", "/api/v2/authentication").kind == "503"
    assert is_eligible("/api/v2/log/disk/event") and not is_eligible("/logout")


def test_latency_applies_to_every_request() -> None:
    injector = FaultInjector(Faults(latency_ms=250))
    assert injector.decide("POST", "/logincheck").delay == 0.25
    assert injector.decide("GET", TABLE).delay == 0.25


def test_error_envelopes_look_like_fortios() -> None:
    identity = Identity(serial="FGVM01", version="v7.6.5", build=3651, vdom="root")
    status, headers, body = error_reply(429, "GET", TABLE + "/web?vdom=dmz", identity, retry_after=3)
    envelope = json.loads(body)
    assert status == 429 and ("retry-after", "3") in headers
    assert envelope == {
        "http_method": "GET", "status": "error", "http_status": 429, "vdom": "dmz", "path": "firewall",
        "name": "address", "serial": "FGVM01", "version": "v7.6.5", "build": 3651,
    }


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ({"error_rate": 1.5}, "error_rate"),
        ({"error_rate": -0.1}, "error_rate"),
        ({"reset_rate": float("nan")}, "reset_rate"),
        ({"stall_rate": "0.1"}, "stall_rate"),
        ({"latency_ms": True}, "latency_ms"),
        ({"jitter_ms": -1}, "jitter_ms"),
        ({"stall_seconds": -1}, "stall_seconds"),
        ({"error_rate": 0.6, "truncate_rate": 0.6}, "at most 1"),
        ({"rate_limit_burst": (3, 1)}, "RateLimitBurst"),
    ],
)
def test_bad_fault_options_are_named(options: dict[str, object], problem: str) -> None:
    with pytest.raises((TypeError, ValueError), match=problem):
        Faults(**options)  # type: ignore[arg-type]


def test_bad_rate_limits_and_scripts_are_named() -> None:
    with pytest.raises(ValueError, match="cannot exceed"):
        RateLimitBurst(every=2, length=3)
    with pytest.raises(ValueError, match="every"):
        RateLimitBurst(every=0)
    assert parse_rate_limit("100:3:1") == RateLimitBurst(100, 3, 1)
    assert parse_rate_limit("10") == RateLimitBurst(10)
    for text in ("", "a:b", "1:2:3:4", "5:1:-1"):
        with pytest.raises(ValueError):
            parse_rate_limit(text)
    injector = FaultInjector()
    with pytest.raises(ValueError, match="unknown fault kind"):
        injector.next("502")
    with pytest.raises(ValueError, match="count"):
        injector.next("503", count=0)
    with pytest.raises(ValueError, match="retry_after"):
        injector.next("reset", retry_after=1)
    with pytest.raises(ValueError, match="path"):
        injector.next("503", path="api/v2")
    with pytest.raises(TypeError, match="Faults"):
        injector.config = {"error_rate": 1}  # type: ignore[assignment]
    with pytest.raises(TypeError, match="seed"):
        FaultInjector(seed="1")  # type: ignore[arg-type]


# -- each fault as a client sees it --------------------------------------------------------------


def test_error_rate_answers_500_or_503_with_an_envelope() -> None:
    emu = FortiGateEmulator(app=BulkyApp(), http=True, faults=Faults(error_rate=1.0))
    with emu, httpx.Client(base_url=emu.url) as client:
        answers = [client.get(TABLE) for _ in range(20)]
        assert client.get("/not-api").status_code == 200  # only /api/ requests fail
    assert {a.status_code for a in answers} == {500, 503}
    for answer in answers:
        envelope = answer.json()
        assert envelope["status"] == "error" and envelope["http_status"] == answer.status_code
        assert (envelope["path"], envelope["name"]) == ("firewall", "address")
    assert emu.stats.connections_total == 1  # an error answer is a normal answer: keep-alive survives


def test_same_seed_same_statuses_over_the_wire() -> None:
    def run(seed: int) -> list[int]:
        emu = FortiGateEmulator(app=BulkyApp(), http=True, seed=seed, faults=Faults(error_rate=0.4))
        with emu, httpx.Client(base_url=emu.url) as client:
            return statuses(client, 40)

    first = run(11)
    assert first == run(11)
    assert first != run(12)
    assert 200 in first and (500 in first or 503 in first)


def test_rate_limit_burst_with_retry_after() -> None:
    burst = Faults(rate_limit_burst=RateLimitBurst(every=4, length=2, retry_after=2))
    emu = FortiGateEmulator(app=BulkyApp(), http=True, faults=burst)
    with emu, httpx.Client(base_url=emu.url) as client:
        answers = [client.get(TABLE) for _ in range(8)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429, 200, 200, 429]
    limited = answers[3]
    assert limited.headers["retry-after"] == "2" and limited.json()["http_status"] == 429


def test_scripted_503s_then_success(emu: FortiGateEmulator, client: httpx.Client) -> None:
    emu.inject("503", count=2, retry_after=1)
    first, second, third = (client.get(TABLE) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.headers["retry-after"] == "1"
    assert emu.faults.injected["503"] == 2 and emu.faults.pending == 0


def test_reset_mid_response(emu: FortiGateEmulator, client: httpx.Client) -> None:
    emu.inject("reset")
    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        client.get(TABLE)
    assert client.get(TABLE).status_code == 200  # the next request gets a new connection
    assert emu.stats.connections_total == 2


def test_reset_over_https_too() -> None:
    with FortiGateEmulator(app=BulkyApp()) as emu, httpx.Client(verify=emu.ssl_context()) as client:
        emu.inject("reset")
        with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
            client.get(emu.url + TABLE)
        assert client.get(emu.url + TABLE).status_code == 200


def test_reset_sends_headers_and_part_of_the_body_first(emu: FortiGateEmulator) -> None:
    emu.inject("reset")
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(f"GET {TABLE} HTTP/1.1\r\nHost: h\r\n\r\n".encode())
        received = b""
        with pytest.raises(ConnectionResetError):  # reset (RST), not an orderly close (FIN)
            while chunk := sock.recv(65536):
                received += chunk
    if sys.platform == "linux" or received:  # elsewhere the RST may discard what the client had not read
        head, _, body = received.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200 ")
        assert 0 < len(body) < content_length(head)


def test_truncated_body(emu: FortiGateEmulator, client: httpx.Client) -> None:
    emu.inject("truncate")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        client.get(TABLE)
    assert client.get(TABLE).status_code == 200


def test_truncated_body_over_https_too() -> None:
    with FortiGateEmulator(app=BulkyApp()) as emu, httpx.Client(verify=emu.ssl_context()) as client:
        emu.inject("truncate")
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(emu.url + TABLE)
        assert client.get(emu.url + TABLE).status_code == 200


def test_truncated_body_promises_more_than_it_sends(emu: FortiGateEmulator) -> None:
    emu.inject("truncate")
    with socket.create_connection(("127.0.0.1", emu.port), timeout=10) as sock:
        sock.sendall(f"GET {TABLE} HTTP/1.1\r\nHost: h\r\n\r\n".encode())
        received = b""
        while chunk := sock.recv(65536):  # an orderly close: recv() returns b"" at the end
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 ") and 0 < len(body) < content_length(head)


def content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise AssertionError(f"no content-length in {head!r}")


def test_stall_makes_the_client_time_out(emu: FortiGateEmulator) -> None:
    emu.inject("stall")
    with httpx.Client(base_url=emu.url, timeout=httpx.Timeout(10, read=0.3)) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get(TABLE)
        assert client.get(TABLE).status_code == 200
    assert emu.stats.requests_total == 2


def test_a_stall_ends_when_the_server_gives_up() -> None:
    faults = Faults(stall_rate=1.0, stall_seconds=0.2)
    emu = FortiGateEmulator(app=BulkyApp(), http=True, faults=faults)
    with emu:
        client = httpx.Client(base_url=emu.url, timeout=30)
        with client, pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
            client.get(TABLE)
    assert emu.stats.in_flight == 0 and emu.stats.connections_open == 0


def test_shutdown_ends_a_stall() -> None:
    faults = Faults(stall_rate=1.0, stall_seconds=600)
    failures: list[BaseException] = []
    with FortiGateEmulator(app=BulkyApp(), http=True, faults=faults) as emu:
        client = httpx.Client(base_url=emu.url, timeout=600)

        def stalled_request() -> None:
            try:
                client.get(TABLE)
            except httpx.HTTPError as exc:
                failures.append(exc)

        thread = threading.Thread(target=stalled_request)
        thread.start()
        wait_until(lambda: emu.stats.in_flight == 1)
    thread.join(timeout=60)  # the stall ended with the emulator, not after 600 s
    client.close()
    assert not thread.is_alive() and isinstance(failures[0], httpx.RemoteProtocolError)


def wait_until(condition: object) -> None:
    event = threading.Event()
    for _ in range(1000):
        if condition():  # type: ignore[operator]
            return
        event.wait(0.01)
    raise AssertionError("the condition never became true")


def test_drop_closes_without_an_answer(emu: FortiGateEmulator, client: httpx.Client) -> None:
    emu.inject("drop")
    with pytest.raises(httpx.RemoteProtocolError, match="without sending a response"):
        client.get(TABLE)
    assert client.get(TABLE).status_code == 200


def test_latency_makes_an_impatient_client_time_out() -> None:
    with FortiGateEmulator(app=BulkyApp(), http=True, latency_ms=400) as emu:
        impatient = httpx.Client(base_url=emu.url, timeout=httpx.Timeout(10, read=0.05))
        with impatient, pytest.raises(httpx.ReadTimeout):
            impatient.get(TABLE)
        with httpx.Client(base_url=emu.url, timeout=30) as patient:
            assert patient.get(TABLE).status_code == 200


def test_scripted_faults_can_target_one_method(emu: FortiGateEmulator, client: httpx.Client) -> None:
    emu.inject("500", method="POST")
    assert client.get(TABLE).status_code == 200
    assert client.post(TABLE, json={"name": "a"}).status_code == 500
    assert client.post(TABLE, json={"name": "a"}).status_code == 200


def test_fault_rates_can_change_while_running(emu: FortiGateEmulator, client: httpx.Client) -> None:
    assert statuses(client, 3) == [200, 200, 200]
    emu.faults.config = Faults(error_rate=1.0)
    assert set(statuses(client, 3)) <= {500, 503}
    emu.faults.config = Faults()
    assert statuses(client, 3) == [200, 200, 200]
