"""The per-loop socket waits (`transports._waits`) under asyncio, trio and the anyio fallback,
and what they mean for `AsyncH11Transport`: deadlines, cancellation, closing under a wait."""

from __future__ import annotations

import math
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import anyio
import pytest

from hfortix.core import Request, errors
from hfortix.transports import AsyncH11Transport, _waits
from hfortix.transports._loops import current_loop, loop_clock

pytestmark = pytest.mark.anyio


@pytest.fixture(params=["asyncio", "trio", "anyio"])
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def anyio_backend(flavour: str) -> str:
    return "trio" if flavour == "trio" else "asyncio"


@pytest.fixture
def force(flavour: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Make `waits_for` pick the anyio fallback (what a loop without add_reader gets)."""
    if flavour == "anyio":
        monkeypatch.setattr(_waits, "waits_for", lambda loop: _waits._AnyioWaits())
        monkeypatch.setattr("hfortix.transports.h11_async.waits_for", _waits.waits_for)
    return flavour


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    a, b = socket.socketpair()
    a.setblocking(False)
    yield a, b
    a.close()
    b.close()


def waits(force: str) -> Any:
    return _waits.waits_for(current_loop())


def now() -> float:
    return loop_clock(current_loop())()


async def test_the_right_waits_for_each_loop(force: str) -> None:
    expected = {"asyncio": "_AsyncioWaits", "trio": "_TrioWaits", "anyio": "_AnyioWaits"}[force]
    assert type(waits(force)).__name__ == expected


async def test_readable_when_data_arrives_and_false_at_the_deadline(force: str, pair: Any) -> None:
    a, b = pair
    w = waits(force)
    assert await w.readable(a, now() + 0.05) is False  # nothing came
    b.send(b"x")
    assert await w.readable(a, now() + 5) is True
    assert await w.readable(a, math.inf) is True  # still unread: at once, without a deadline
    assert a.recv(10) == b"x"
    assert await w.writable(a, now() + 5) is True
    assert await w.readable(a, now() - 1) is False  # a deadline already past


async def test_a_cancelled_wait_leaves_the_socket_waitable(force: str, pair: Any) -> None:
    a, b = pair
    w = waits(force)
    with anyio.move_on_after(0.05) as scope:
        await w.readable(a, math.inf)
    assert scope.cancelled_caught  # the caller's cancel passed through the wait
    with anyio.move_on_after(0.05):
        await w.readable(a, now() + 10)  # the deadline is not the caller's: its cancel still wins
    b.send(b"y")
    assert await w.readable(a, now() + 5) is True  # registered afresh, nothing left of the old waits


async def test_notify_closing_wakes_the_waiter(force: str, pair: Any) -> None:
    a, _ = pair
    w = waits(force)
    failures: list[BaseException] = []

    async def wait() -> None:
        try:
            await w.readable(a, now() + 10)
        except anyio.ClosedResourceError as exc:
            failures.append(exc)

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(wait)
            await anyio.sleep(0.05)
            w.notify_closing(a)
    assert len(failures) == 1


async def test_aclose_while_a_request_waits_ends_it_at_once(force: str, http_server: Any) -> None:
    transport = AsyncH11Transport()
    tag = uuid.uuid4().hex
    failures: list[BaseException] = []

    async def held() -> None:
        try:
            await transport.send(Request("GET", http_server.url(f"/hold?tag={tag}&seconds=10")))
        except errors.TransportError as exc:
            failures.append(exc)

    with anyio.fail_after(5):  # the held answer would take 10 s
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(held)
            while not http_server.is_holding(tag):
                await anyio.sleep(0.01)
            await transport.aclose()
    http_server.release(tag)
    assert len(failures) == 1 and not isinstance(failures[0], errors.TimeoutError)


async def test_the_read_deadline_holds_with_every_flavour(force: str, http_server: Any) -> None:
    tag = uuid.uuid4().hex
    async with AsyncH11Transport(timeout=0.2) as transport:
        with pytest.raises(errors.TimeoutError, match="read timeout"):
            await transport.send(Request("GET", http_server.url(f"/hold?tag={tag}&seconds=5")))
        http_server.release(tag)
        answer = await transport.send(Request("GET", http_server.url("/echo")))
    assert answer.status_code == 200


async def test_receive_gives_bytes_then_the_end_and_none_at_the_deadline(force: str, pair: Any) -> None:
    a, b = pair
    w = waits(force)
    assert await w.receive(a, now() + 0.05) is None  # nothing came
    b.send(b"one")
    assert await w.receive(a, now() + 5) == b"one"
    b.send(b"two")
    assert await w.receive(a, math.inf) == b"two"
    with anyio.move_on_after(0.05) as scope:  # a cancelled receive leaves it receivable
        await w.receive(a, math.inf)
    assert scope.cancelled_caught
    b.send(b"three")
    assert await w.receive(a, now() + 5) == b"three"
    b.close()
    assert await w.receive(a, now() + 5) == b""
    w.forget(a)


async def test_notify_closing_wakes_a_receive(force: str, pair: Any) -> None:
    a, _ = pair
    w = waits(force)

    async def close_soon() -> None:
        await anyio.sleep(0.05)
        w.notify_closing(a)

    with anyio.fail_after(5):
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(close_soon)
            with pytest.raises(anyio.ClosedResourceError):
                await w.receive(a, now() + 10)


@pytest.mark.parametrize("flavour", ["asyncio"])
async def test_asyncio_watches_a_socket_between_receives_only_while_it_may_answer(force: str, pair: Any) -> None:
    import asyncio
    import select

    a, b = pair
    w = waits(force)
    watched = asyncio.get_running_loop()._selector.get_map()  # type: ignore[attr-defined]
    b.send(b"answer")
    assert await w.receive(a, now() + 5) == b"answer"
    assert a.fileno() in watched  # kept for the next answer: no epoll change per answer
    b.send(b"stray")  # nobody receives: the loop stops watching and leaves it unread
    for _ in range(5):
        await asyncio.sleep(0)
    assert a.fileno() not in watched
    assert select.select([a], [], [], 0)[0] == [a]  # for the pool's check before reuse
    assert await w.receive(a, now() + 5) == b"stray"
    w.forget(a)
    assert a.fileno() not in watched


@pytest.mark.parametrize("flavour", ["asyncio"])
async def test_a_second_receive_on_one_socket_is_refused(force: str, pair: Any) -> None:
    a, b = pair
    w = waits(force)
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(w.receive, a, now() + 5)
        await anyio.sleep(0.01)
        with pytest.raises(anyio.BusyResourceError):
            await w.receive(a, now() + 5)
        b.send(b"x")  # the first receive gets it
    w.forget(a)
