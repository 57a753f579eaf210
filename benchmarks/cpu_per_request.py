"""Client CPU per request: hfortix against raw httpx, on the same emulator, in the same run.

    .venv/bin/python benchmarks/cpu_per_request.py [--requests 3000] [--concurrency 32]

Goals (issue 8): with 32 requests in flight, hfortix async (asyncio) spends at most 1/3 of the
CPU per request of raw `httpx.AsyncClient`; one sync call at a time on a keep-alive
connection, hfortix sync spends no more than raw `httpx.Client`. Each client sends
`GET monitor/system/status` and parses the JSON; CPU is this process's (user + system),
the emulator runs in its own process (plain HTTP, no latency) and its CPU is shown too.
The figures are medians of --repeat rounds, hfortix and httpx alternating.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable

import httpx
from _common import TOKEN, emulator, machine, process_cpu_seconds, verdict

from hfortix import FortiOS

STATUS = "/api/v2/monitor/system/status"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def sync_rounds(url: str, requests: int) -> dict[str, Callable[[], None]]:
    client = httpx.Client(timeout=60, trust_env=False)
    fgt = FortiOS(url, token=TOKEN)
    status = fgt.api.monitor.system.status

    def raw() -> None:
        for _ in range(requests):
            client.get(url + STATUS, headers=HEADERS).json()

    def ours() -> None:
        for _ in range(requests):
            status.get()

    return {"httpx.Client": raw, "hfortix sync": ours}


def async_rounds(url: str, requests: int, concurrency: int) -> dict[str, Callable[[], None]]:
    def raw() -> None:
        async def main() -> None:
            limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
            async with httpx.AsyncClient(limits=limits, timeout=60, trust_env=False) as client:
                async def worker() -> None:
                    for _ in range(requests // concurrency):
                        (await client.get(url + STATUS, headers=HEADERS)).json()

                await asyncio.gather(*(worker() for _ in range(concurrency)))

        asyncio.run(main())

    def ours() -> None:
        async def main() -> None:
            async with FortiOS(url, token=TOKEN, mode="async", max_connections=concurrency) as fgt:
                status = fgt.api.monitor.system.status

                async def worker() -> None:
                    for _ in range(requests // concurrency):
                        await status.get()

                await asyncio.gather(*(worker() for _ in range(concurrency)))

        asyncio.run(main())

    return {"httpx.AsyncClient": raw, "hfortix async": ours}


def measure(rounds: dict[str, Callable[[], None]], requests: int, repeat: int,
            pid: int) -> dict[str, tuple[float, ...]]:
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in rounds}
    for index in range(repeat):
        for name in (list(rounds) if index % 2 == 0 else list(rounds)[::-1]):
            server0, cpu0, wall0 = process_cpu_seconds(pid) or 0, time.process_time(), time.perf_counter()
            rounds[name]()
            runs[name].append(((time.process_time() - cpu0) / requests * 1e6,
                               (time.perf_counter() - wall0) / requests * 1e6,
                               ((process_cpu_seconds(pid) or 0) - server0) / requests * 1e6))
    return {name: tuple(statistics.median(column) for column in zip(*done, strict=True))
            for name, done in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"CPU per request: {machine()}")
    print(f"{'scenario':28} {'client':18} {'CPU us/req':>11} {'wall us/req':>12} {'emulator CPU us':>16}")
    with emulator() as ready:
        url, pid = ready["url"], ready["pid"]
        sync_rounds(url, 50)["hfortix sync"]()  # warm up: catalog, imports, connections
        sync = measure(sync_rounds(url, args.requests), args.requests, args.repeat, pid)
        concurrent = measure(async_rounds(url, args.requests, args.concurrency), args.requests, args.repeat, pid)
    for scenario, figures in (("sequential, keep-alive", sync), (f"{args.concurrency} in flight, asyncio", concurrent)):
        for name, (cpu, wall, server) in figures.items():
            print(f"{scenario:28} {name:18} {cpu:11.0f} {wall:12.0f} {server:16.0f}")
            scenario = ""
    sync_ratio = sync["hfortix sync"][0] / sync["httpx.Client"][0]
    async_ratio = concurrent["hfortix async"][0] / concurrent["httpx.AsyncClient"][0]
    print(f"sync: hfortix / httpx CPU = {sync_ratio:.2f}, goal {verdict(sync_ratio, 1.0)}")
    print(f"{args.concurrency} in flight: hfortix / httpx CPU = {async_ratio:.2f}, goal {verdict(async_ratio, 1 / 3)}")
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
