"""Cancellation at any point leaves a client fully usable, under asyncio and trio, both kinds.

The churn: many tasks call the emulator (10 ms latency) through a client with only two
connections, each call under a random caller-side timeout of 0-20 ms, so cancels land in
the pool wait, the connect, the TLS handshake, the send and the receive. Then plain calls
must answer at once: a connection leaked by any cancel would leave them waiting for the pool.
Seeded, and bounded in calls, so it takes a few seconds.

Only hfortix's own transport is churned: httpcore's pool (under `transport="httpx"`) loses
connections to such cancels (the httpcore issue 1093 class) and then answers nothing but
pool timeouts, which is why the default transport is our own (see docs/design.md).
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

import anyio
import pytest

from hfortix import FortiOS
from hfortix.testing import FortiGateEmulator

pytestmark = pytest.mark.anyio
CALLS_PER_TASK = {1: 150, 30: 100}  # random timeouts per task: 3,000 a run with 30 tasks


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module", params=["http", "https"])
def emu(request: pytest.FixtureRequest) -> Any:
    with FortiGateEmulator(http=request.param == "http", latency_ms=10) as emulator:
        yield emulator


@pytest.mark.parametrize("tasks", [1, 30])
async def test_random_caller_timeouts_then_plain_calls_answer(emu: Any, tasks: int) -> None:
    rng = random.Random(tasks)
    cancelled = 0
    verify = True if emu.http else emu.ca
    async with FortiOS(emu.url, token=emu.token, verify=verify, mode="async", max_connections=2) as fgt:
        async def churn(calls: int) -> None:
            nonlocal cancelled
            for _ in range(calls):
                with anyio.move_on_after(rng.uniform(0, 0.02)) as scope:
                    await fgt.api.monitor.system.status.get()
                cancelled += scope.cancelled_caught

        async with anyio.create_task_group() as group:
            for _ in range(tasks):
                group.start_soon(churn, CALLS_PER_TASK[tasks])
        assert cancelled > CALLS_PER_TASK[tasks] * tasks // 4  # the cancels really happened, at every stage
        with anyio.fail_after(10):  # "at once": a leaked slot would wait for the pool
            for _ in range(5):
                assert isinstance(await fgt.api.monitor.system.status.get(), dict)


def test_the_guides_timeout_handling_with_asyncio_wait_for(emu: Any) -> None:
    """The guide's pattern, `asyncio.wait_for(call, timeout)`, as a loop of random timeouts."""
    async def main() -> int:
        rng = random.Random(3)
        timed_out = 0
        async with FortiOS(emu.url, token=emu.token, verify=True if emu.http else emu.ca, mode="async",
                           max_connections=2) as fgt:
            for _ in range(150):
                try:
                    await asyncio.wait_for(fgt.api.cmdb.firewall.address.list(), timeout=rng.uniform(0, 0.02))
                except TimeoutError:
                    timed_out += 1
            for _ in range(5):
                assert isinstance(await asyncio.wait_for(fgt.api.cmdb.firewall.address.list(), timeout=10), list)
        return timed_out

    assert asyncio.run(main()) > 25
