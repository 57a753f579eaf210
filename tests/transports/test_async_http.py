"""AsyncioTransport and TrioTransport against a real server, each test under both loops."""

from __future__ import annotations

import asyncio
import json
import uuid
import warnings
from typing import Any

import anyio
import httpx
import pytest
import sniffio
import trio

from hfortix.core import Request, Response, errors
from hfortix.transports import (
    AsyncHTTPTransport,
    AsyncioTransport,
    InsecureTransportWarning,
    Timeouts,
    TransportClosedError,
    TrioTransport,
    async_transport_for_running_loop,
)

pytestmark = pytest.mark.anyio


def echo(response: Response) -> dict[str, Any]:
    assert response.status_code == 200, response
    report: dict[str, Any] = json.loads(response.content)
    return report


async def test_request_and_response_round_trip(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    headers = (("X-Dup", "1"), ("X-Dup", "2"))
    async with async_transport_class() as transport:
        request = Request("PUT", http_server.url("/echo?vdom=root"), headers, b"{}")
        report = echo(await transport.send(request))
        repeated = await transport.send(Request("GET", http_server.url("/headers")))
    assert (report["method"], report["target"], report["body"]) == ("PUT", "/echo?vdom=root", "{}")
    assert [tuple(pair) for pair in report["headers"]][1:3] == list(headers)
    assert [pair for pair in repeated.headers if pair[0].startswith("X-")] == [
        ("X-Dup", "one"),
        ("X-Mixed-Case", "yes"),
        ("X-Dup", "two"),
    ]


async def test_no_cookies_kept_and_no_redirects_followed(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    async with async_transport_class() as transport:
        assert (await transport.send(Request("GET", http_server.url("/set-cookie")))).header("Set-Cookie")
        report = echo(await transport.send(Request("GET", http_server.url("/echo"))))
        redirect = await transport.send(Request("GET", http_server.url("/redirect")))
    assert "cookie" not in {name.lower() for name, _ in report["headers"]}
    assert (redirect.status_code, redirect.header("Location")) == (302, "/echo")


async def test_keep_alive_reuses_one_connection(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    async with async_transport_class() as transport:
        echo(await transport.send(Request("GET", http_server.url("/echo"))))
        before = http_server.connections
        for _ in range(5):
            echo(await transport.send(Request("GET", http_server.url("/echo"))))
        assert http_server.connections == before


async def test_timeouts_raise_timeout_error(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    tag = uuid.uuid4().hex
    async with async_transport_class(timeout=Timeouts(read=0.1)) as transport:
        with pytest.raises(errors.TimeoutError, match="read timeout") as caught:
            await transport.send(Request("GET", http_server.url(f"/hold?tag={tag}&access_token=SECRET")))
        http_server.release(tag)
        assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
        assert caught.value.url == http_server.url("/hold") and "SECRET" not in str(caught.value)
        echo(await transport.send(Request("GET", http_server.url("/echo"))))


async def test_request_timeout_overrides_the_transports(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    tag = uuid.uuid4().hex
    async with async_transport_class(timeout=30) as transport:
        with pytest.raises(errors.TimeoutError):
            await transport.send(Request("GET", http_server.url(f"/hold?tag={tag}"), timeout=0.1))
    http_server.release(tag)


async def test_pool_timeout_raises_timeout_error(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    tag = uuid.uuid4().hex
    transport = async_transport_class(max_connections=1, timeout=Timeouts(pool=0.1))
    async with transport, anyio.create_task_group() as tasks:
        tasks.start_soon(transport.send, Request("GET", http_server.url(f"/hold?tag={tag}")))
        await http_server.until_holding(tag)
        with pytest.raises(errors.TimeoutError, match="pool timeout"):
            await transport.send(Request("GET", http_server.url("/echo")))
        http_server.release(tag)


async def test_refused_connection_raises_connection_error(
    refused_url: str, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    async with async_transport_class() as transport:
        with pytest.raises(errors.ConnectionError) as caught:
            await transport.send(Request("GET", refused_url))
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert (caught.value.method, caught.value.url) == ("GET", refused_url)


@pytest.mark.parametrize("path", ["/reset", "/truncate"])
async def test_peer_hanging_up_raises_connection_error(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport], path: str
) -> None:
    async with async_transport_class() as transport:
        with pytest.raises(errors.ConnectionError) as caught:
            await transport.send(Request("GET", http_server.url(path)))
        assert isinstance(caught.value.__cause__, httpx.TransportError)
        echo(await transport.send(Request("GET", http_server.url("/echo"))))


async def test_https_verified_and_failing_verification(
    https_server: Any, ca_bundle: str, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    async with async_transport_class(verify=ca_bundle) as transport:
        echo(await transport.send(Request("GET", https_server.url("/echo"))))
    async with async_transport_class() as transport:  # the system CAs do not know trustme's
        with pytest.raises(errors.ConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
            await transport.send(Request("GET", https_server.url("/echo")))


async def test_verify_false_warns_only_at_construction(
    https_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    with pytest.warns(InsecureTransportWarning) as construction:
        transport = async_transport_class(verify=False)
    assert len(construction) == 1 and construction[0].filename == __file__
    async with transport:
        with warnings.catch_warnings(record=True) as later:
            warnings.simplefilter("always")
            for _ in range(3):
                echo(await transport.send(Request("GET", https_server.url("/echo"))))
    assert later == []


@pytest.mark.parametrize("endpoint", ["hold", "slow-body"])
async def test_cancelled_by_fail_after_then_the_pool_is_healthy(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport], endpoint: str
) -> None:
    tag = uuid.uuid4().hex
    # One connection and a short pool wait: a slot leaked by the cancelled call would turn
    # the next call into a pool TimeoutError.
    async with async_transport_class(max_connections=1, timeout=Timeouts(pool=2)) as transport:
        with pytest.raises(TimeoutError):  # the builtin one, raised by anyio.fail_after
            with anyio.fail_after(0.2):
                await transport.send(Request("GET", http_server.url(f"/{endpoint}?tag={tag}")))
        http_server.release(tag)
        report = echo(await transport.send(Request("POST", http_server.url("/echo"), content=b"after")))
    assert report["body"] == "after"  # not leftovers of the cancelled answer


async def test_cancelled_natively_then_the_pool_is_healthy(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport], anyio_backend: str
) -> None:
    tag = uuid.uuid4().hex
    request = Request("GET", http_server.url(f"/hold?tag={tag}"))
    async with async_transport_class(max_connections=1, timeout=Timeouts(pool=2)) as transport:
        if anyio_backend == "asyncio":
            task = asyncio.ensure_future(transport.send(request))
            await http_server.until_holding(tag)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):  # untouched, not a ConnectionError
                await task
        else:
            with trio.CancelScope() as scope:
                async with trio.open_nursery() as nursery:
                    nursery.start_soon(transport.send, request)
                    await http_server.until_holding(tag)
                    scope.cancel()
            assert scope.cancelled_caught  # trio.Cancelled reached its scope untouched
        http_server.release(tag)
        echo(await transport.send(Request("GET", http_server.url("/echo"))))


async def test_closed_transport_refuses_and_aclose_is_idempotent(
    http_server: Any, async_transport_class: type[AsyncHTTPTransport]
) -> None:
    transport = async_transport_class()
    echo(await transport.send(Request("GET", http_server.url("/echo"))))
    await transport.aclose()
    await transport.aclose()
    assert transport.closed
    with pytest.raises(TransportClosedError):
        await transport.send(Request("GET", http_server.url("/echo")))


async def test_the_named_transport_refuses_the_other_loop(anyio_backend: str, http_server: Any) -> None:
    wrong = TrioTransport() if anyio_backend == "asyncio" else AsyncioTransport()
    async with wrong:
        with pytest.raises(errors.ConfigurationError, match=f"called under {anyio_backend}"):
            await wrong.send(Request("GET", http_server.url("/echo")))


async def test_transport_for_running_loop_picks_the_loops_class(anyio_backend: str, http_server: Any) -> None:
    async with async_transport_for_running_loop(timeout=5, max_connections=2) as transport:
        assert type(transport) is (AsyncioTransport if anyio_backend == "asyncio" else TrioTransport)
        echo(await transport.send(Request("GET", http_server.url("/echo"))))


def test_transport_for_running_loop_needs_a_loop() -> None:
    with pytest.raises(errors.ConfigurationError, match="no asyncio or trio event loop"):
        async_transport_for_running_loop()


def test_trio_transport_under_plain_trio_run_without_asyncio(http_server: Any) -> None:
    async def main() -> Response:
        assert sniffio.current_async_library() == "trio"
        with pytest.raises(RuntimeError):
            asyncio.get_running_loop()  # no asyncio loop anywhere
        async with TrioTransport() as transport:
            return await transport.send(Request("GET", http_server.url("/echo")))

    assert echo(trio.run(main))["method"] == "GET"


def test_the_generic_transport_binds_to_the_first_loop_it_meets(refused_url: str) -> None:
    transport = AsyncHTTPTransport()

    async def send() -> None:
        with pytest.raises(errors.ConnectionError):  # nothing listens; the loop is bound all the same
            await transport.send(Request("GET", refused_url))

    asyncio.run(send())

    async def send_under_trio() -> None:
        with pytest.raises(errors.ConfigurationError, match="serves asyncio, but it was called under trio"):
            await transport.send(Request("GET", refused_url))
        await transport.aclose()

    trio.run(send_under_trio)
