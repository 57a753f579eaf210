"""One suite for every socket transport: both kinds (hfortix's own h11 one and httpx), in all
three modes (sync, asyncio, trio), over HTTP and HTTPS, against the FortiGate emulator (and,
for faults it lacks, the small server of conftest.py).

Each test is an `async def`; in the "sync" mode the transport is a blocking one and
`call()` runs it directly (the servers live in their own threads).
"""

from __future__ import annotations

import json
import math
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest

from hfortix.core import Request, Response, errors
from hfortix.testing import FortiGateEmulator
from hfortix.transports import (
    AsyncH11Transport,
    AsyncHTTPTransport,
    AsyncInMemoryTransport,
    H11Transport,
    HTTPTransport,
    InMemoryTransport,
    ResponseTooLargeError,
    Timeouts,
    TransportClosedError,
)

pytestmark = pytest.mark.anyio
STATUS = "/api/v2/monitor/system/status"
ADDRESSES = "/api/v2/cmdb/firewall/address"
CLASSES = {("h11", True): H11Transport, ("h11", False): AsyncH11Transport,
           ("httpx", True): HTTPTransport, ("httpx", False): AsyncHTTPTransport}


@pytest.fixture(params=["h11", "httpx"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=["sync", "asyncio", "trio"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def anyio_backend(mode: str) -> str:
    return "trio" if mode == "trio" else "asyncio"


@pytest.fixture(scope="module", params=["http", "https"])
def emu(request: pytest.FixtureRequest) -> Any:
    with FortiGateEmulator(http=request.param == "http") as emulator:
        yield emulator


@pytest.fixture
def fresh() -> Any:
    """An emulator of the test's own, for tests that inject faults."""
    with FortiGateEmulator(http=True) as emulator:
        yield emulator


@asynccontextmanager
async def transport_for(kind: str, mode: str, **options: Any) -> AsyncIterator[Any]:
    transport = CLASSES[kind, mode == "sync"](**options)
    try:
        yield transport
    finally:
        if mode == "sync":
            transport.close()
        else:
            await transport.aclose()


async def call(transport: Any, request: Request) -> Response:
    answer = transport.send(request)
    return await answer if not isinstance(answer, Response) else answer


def get(emu: Any, path: str = STATUS, **options: Any) -> Request:
    return Request("GET", emu.url + path, (("Authorization", f"Bearer {emu.token}"),), **options)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


# -- plain exchanges ---------------------------------------------------------------------


async def test_round_trip_and_keep_alive(kind: str, mode: str, emu: Any) -> None:
    name = f"shared-{uuid.uuid4().hex[:8]}"
    body = json.dumps({"name": name, "subnet": "10.1.2.3/32"}).encode()
    async with transport_for(kind, mode, verify=True if emu.http else emu.ca) as transport:
        first = await call(transport, get(emu))
        assert first.status_code == 200 and json.loads(first.content)["status"] == "success"
        opened = emu.stats.connections_total
        created = await call(transport, Request("POST", emu.url + ADDRESSES, (
            ("Authorization", f"Bearer {emu.token}"), ("Content-Type", "application/json")), body))
        assert created.status_code == 200
        for _ in range(5):
            assert (await call(transport, get(emu, f"{ADDRESSES}/{name}"))).status_code == 200
        assert emu.stats.connections_total == opened  # one keep-alive connection throughout
        assert any(name_.lower() == "content-type" for name_, _ in first.headers)


async def test_wire_is_exactly_what_was_asked(kind: str, mode: str, http_server: Any) -> None:
    headers = (("X-Dup", "1"), ("Accept", "application/json"), ("X-Dup", "2"))
    async with transport_for(kind, mode) as transport:
        answer = await call(transport, Request("POST", http_server.url("/echo?vdom=root&filter=name==a%2Fb"),
                                               headers, b"\x00{}\xff"))
        spaced = await call(transport, Request("GET", http_server.url("/echo?filter=name=@a b")))
        repeated = await call(transport, Request("GET", http_server.url("/headers")))
        redirect = await call(transport, Request("GET", http_server.url("/redirect")))
    report = json.loads(answer.content)
    sent = [tuple(pair) for pair in report["headers"]]
    user_agent = dict(sent)["User-Agent"]
    assert report["target"] == "/echo?vdom=root&filter=name==a%2Fb" and report["body"] == "\x00{}\xff"
    assert sent == [("Host", http_server.origin.removeprefix("http://")), *headers, ("User-Agent", user_agent),
                    ("Content-Length", "4")]
    assert user_agent.startswith("hfortix/")
    assert json.loads(spaced.content)["target"] == "/echo?filter=name=@a%20b"
    assert [pair for pair in repeated.headers if pair[0].startswith("X-")] == [
        ("X-Dup", "one"), ("X-Mixed-Case", "yes"), ("X-Dup", "two")]
    assert (redirect.status_code, redirect.header("Location")) == (302, "/echo")


# -- failures and what they say about the request ----------------------------------------


async def test_refused_connection_was_not_sent(kind: str, mode: str, refused_url: str) -> None:
    async with transport_for(kind, mode) as transport:
        with pytest.raises(errors.ConnectionError) as caught:
            await call(transport, Request("POST", refused_url + "?access_token=SECRET", content=b"{}"))
    assert caught.value.request_sent is False
    assert caught.value.url == refused_url and "SECRET" not in str(caught.value)


@pytest.mark.parametrize("fault", ["reset", "truncate", "drop"])
async def test_a_broken_answer_may_have_been_received_and_the_transport_carries_on(
        kind: str, mode: str, fresh: Any, fault: str) -> None:
    async with transport_for(kind, mode) as transport:
        await call(transport, get(fresh))
        fresh.inject(fault, 1)
        with pytest.raises(errors.ConnectionError) as caught:
            await call(transport, get(fresh))
        assert caught.value.request_sent is True
        assert (await call(transport, get(fresh))).status_code == 200


async def test_a_stalled_answer_times_out_and_the_transport_carries_on(kind: str, mode: str, fresh: Any) -> None:
    async with transport_for(kind, mode) as transport:
        fresh.inject("stall", 1)
        with pytest.raises(errors.TimeoutError, match="read timeout") as caught:
            await call(transport, get(fresh, timeout=0.3))
        assert caught.value.request_sent is True
        assert (await call(transport, get(fresh))).status_code == 200


@pytest.mark.parametrize("where", ["body", "head"])
async def test_a_dripping_server_cannot_stretch_the_deadline(
        kind: str, mode: str, http_server: Any, where: str) -> None:
    if kind == "httpx" and mode == "sync" and where == "head":
        pytest.skip("httpx's sync client bounds each read of the head, not the head as a whole")
    # One byte every 0.2 s: a per-read timeout of 0.5 s never fires, and the answer takes 40 s.
    async with transport_for(kind, mode) as transport:
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError, match="read timeout"):
            await call(transport, Request("GET", http_server.url(f"/drip?where={where}"), timeout=0.5))
        assert time.monotonic() - started < 10  # the deadline (0.5 s) held, give or take a loaded machine


async def test_every_phase_is_a_deadline_in_our_own_transport(mode: str, http_server: Any) -> None:
    async with transport_for("h11", mode, timeout=Timeouts(read=0.5)) as transport:
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError, match=r"read timeout: no complete answer within 0.5 s"):
            await call(transport, Request("GET", http_server.url("/drip?where=body")))
        assert time.monotonic() - started < 10


async def test_pool_timeout_sent_nothing(kind: str, mode: str, http_server: Any) -> None:
    tag = uuid.uuid4().hex
    async with transport_for(kind, mode, max_connections=1, timeout=Timeouts(pool=0.2)) as transport:
        async with anyio.create_task_group() as tasks:
            if mode == "sync":
                tasks.start_soon(anyio.to_thread.run_sync, transport.send,
                                 Request("GET", http_server.url(f"/hold?tag={tag}")))
            else:
                tasks.start_soon(transport.send, Request("GET", http_server.url(f"/hold?tag={tag}")))
            await http_server.until_holding(tag)
            try:
                with pytest.raises(errors.TimeoutError, match="pool timeout") as caught:
                    await call(transport, Request("POST", http_server.url("/echo"), content=b"x"))
                assert caught.value.request_sent is False
            finally:
                http_server.release(tag)
        assert (await call(transport, Request("GET", http_server.url("/echo")))).status_code == 200


async def test_https_verification_failure(kind: str, mode: str, https_server: Any) -> None:
    async with transport_for(kind, mode) as transport:  # the system CAs do not know trustme's
        with pytest.raises(errors.ConnectionError, match="CERTIFICATE_VERIFY_FAILED") as caught:
            await call(transport, Request("GET", https_server.url("/echo")))
    assert caught.value.request_sent is False


async def test_closed_transport_refuses(kind: str, mode: str, emu: Any) -> None:
    transport = CLASSES[kind, mode == "sync"](verify=True if emu.http else emu.ca)
    await call(transport, get(emu))
    for _ in range(2):
        await (anyio.to_thread.run_sync(transport.close) if mode == "sync" else transport.aclose())
    assert transport.closed
    with pytest.raises(TransportClosedError) as caught:
        await call(transport, get(emu))
    assert caught.value.request_sent is False


@pytest.mark.parametrize("bad", [-1, 0, math.nan, math.inf])
async def test_a_bad_request_timeout_is_refused_by_every_transport(
        kind: str, mode: str, emu: Any, bad: float) -> None:
    async with transport_for(kind, mode, verify=True if emu.http else emu.ca) as transport:
        with pytest.raises(errors.ConfigurationError, match=r"Request\.timeout"):
            await call(transport, get(emu, timeout=bad))
    memory = InMemoryTransport(emu.app) if mode == "sync" else AsyncInMemoryTransport(emu.app)
    with pytest.raises(errors.ConfigurationError, match=r"Request\.timeout"):
        await call(memory, get(emu, timeout=bad))


# -- resources ---------------------------------------------------------------------------


async def test_close_releases_every_descriptor(kind: str, mode: str, emu: Any) -> None:
    async def burst(transport: Any) -> None:
        async with anyio.create_task_group() as tasks:
            for _ in range(8):
                if mode == "sync":
                    tasks.start_soon(anyio.to_thread.run_sync, transport.send, get(emu))
                else:
                    tasks.start_soon(transport.send, get(emu))

    async with transport_for(kind, mode, verify=True if emu.http else emu.ca) as warm:
        await burst(warm)  # whatever a first use loads (CA files, thread pools) is loaded now
    await until_the_server_has_no_connection(emu)
    before = open_descriptors()
    async with transport_for(kind, mode, verify=True if emu.http else emu.ca, max_connections=4) as transport:
        await burst(transport)
        assert open_descriptors() > before
    # The emulator is a thread of this process: its ends of the connections count too.
    await until_the_server_has_no_connection(emu)
    assert open_descriptors() == before


async def until_the_server_has_no_connection(emu: Any) -> None:
    with anyio.fail_after(10):
        while emu.stats.connections_open:
            await anyio.sleep(0.02)


# -- limits of our own transport ---------------------------------------------------------


async def test_answers_over_the_limits_are_clear_errors(mode: str, http_server: Any, emu: Any) -> None:
    async with transport_for("h11", mode, verify=True if emu.http else emu.ca, max_response_bytes=100) as transport:
        with pytest.raises(ResponseTooLargeError, match="body exceeds 100 bytes"):
            await call(transport, get(emu))
        assert (await call(transport, Request("GET", http_server.url("/status?code=204")))).status_code == 204
    async with transport_for("h11", mode, max_header_bytes=4096) as transport:
        with pytest.raises(ResponseTooLargeError, match="headers exceed 4096 bytes"):
            await call(transport, Request("GET", http_server.url("/big-head?bytes=8000")))
        assert (await call(transport, Request("GET", http_server.url("/big-head?bytes=1000")))).status_code == 200


def test_an_idle_connection_the_server_closed_is_seen_before_use() -> None:
    from hfortix.transports.h11_sync import readable

    ours, theirs = socket.socketpair()
    with ours:
        assert not readable(ours.fileno())  # idle and open: fit for reuse
        theirs.close()
        assert readable(ours.fileno())  # EOF waiting: the pool drops it instead of sending into it


@pytest.fixture
def unanswered_url() -> Any:
    """A loopback port whose accept queue is full: a connect there waits for a SYN-ACK that never comes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    fillers = []
    for _ in range(8):  # fill the queue; later connects hang (Linux drops their SYNs)
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(listener.getsockname())
        fillers.append(filler)
    time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


async def test_connect_timeout_sent_nothing(kind: str, mode: str, unanswered_url: str) -> None:
    async with transport_for(kind, mode, timeout=Timeouts(connect=0.3)) as transport:
        started = time.monotonic()
        with pytest.raises(errors.TimeoutError, match="connect timeout") as caught:
            await call(transport, Request("POST", unanswered_url, content=b"{}"))
    assert caught.value.request_sent is False
    assert time.monotonic() - started < 10
