"""A bounded soak: the client against an emulator that fails often, at random (seeded).

Reads must come back or raise a typed error that is really the FortiGate's answer (a 500,
which FortiOS also uses for validation errors, so it is not retried); lost connections,
truncated bodies and 503s are retried away. Writes may fail, but only with typed errors, and
a POST that was cut off is never sent twice.
"""

from __future__ import annotations

from collections import Counter

import anyio
import pytest

from hfortix import ConnectionError, FortiOS, FortiOSError, ServerError
from hfortix.emulator.faults import Faults, RateLimitBurst
from hfortix.testing import FortiGateEmulator

FAULTS = Faults(error_rate=0.15, reset_rate=0.1, truncate_rate=0.05,
                rate_limit_burst=RateLimitBurst(every=17, length=2, retry_after=0))


def outcome(result: object) -> str:
    if isinstance(result, ServerError):
        assert result.http_status == 500  # 503s were retried away
        return "500"
    if isinstance(result, BaseException):
        raise AssertionError(f"unexpected failure: {result!r}") from result
    assert isinstance(result, list)
    return "ok"


def test_sync_reads_under_random_faults() -> None:
    with FortiGateEmulator(faults=FAULTS, seed=11) as emu, \
            FortiOS(emu.host, token=emu.token, verify=emu.ssl_context(), retries=8, backoff=0.001) as fgt:
        outcomes: Counter[str] = Counter()
        for _ in range(150):
            try:
                outcomes[outcome(fgt.api.cmdb.firewall.address.list())] += 1
            except ServerError as exc:
                outcomes[outcome(exc)] += 1
        assert outcomes["ok"] > 75 and sum(outcomes.values()) == 150
        injected = emu.faults.injected
        assert injected["reset"] and injected["truncate"] and injected["503"] and injected["429"]


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.anyio
async def test_async_writes_under_random_faults(anyio_backend: str) -> None:
    with FortiGateEmulator(faults=FAULTS, seed=5) as emu:
        async with FortiOS(emu.host, token=emu.token, verify=emu.ssl_context(), mode="async",
                           retries=8, backoff=0.001, max_concurrency=6) as fgt:
            results: dict[str, object] = {}

            async def create(name: str) -> None:
                try:
                    results[name] = await fgt.api.cmdb.firewall.address.create(name=name, subnet="10.6.0.1/32")
                except FortiOSError as exc:
                    results[name] = exc

            async with anyio.create_task_group() as group:
                for i in range(60):
                    group.start_soon(create, f"soak-{i}")
        posts = sum(1 for method, _ in emu.stats.received if method == "POST")
        refused_before_acting = emu.faults.injected["429"]
        stored = {row["name"] for row in emu.app.table("firewall", "address")}
    for name, result in results.items():
        if isinstance(result, dict):
            assert name in stored
        else:
            assert isinstance(result, (ConnectionError, ServerError)), repr(result)
    # Every create was sent once, plus once more per 429 (refused before FortiOS acted); a
    # reset, a truncation or a 503 after sending never made a second POST.
    assert 60 <= posts <= 60 + refused_before_acting
    created = sum(isinstance(result, dict) for result in results.values())
    assert created >= 20 and len(results) == 60
