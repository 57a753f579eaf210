"""10,000 address creates with 32 in flight against an emulator answering 50 ms late.

    .venv/bin/python benchmarks/bulk_create.py [--n 10000] [--baseline-n 2000] [--concurrency 32] [--latency-ms 50]

Goal (issue 8): hfortix async (`max_concurrency=32`) within 1.25 x the ideal ceil(N/C) * L,
and every address present exactly once afterwards. Baseline in the same run: raw
`httpx.AsyncClient` with an asyncio.Semaphore(32) and 32 connections, on --baseline-n
creates (it needs about 7 ms of CPU per request here, so 10,000 would take minutes; "x
ideal" compares across sizes). The emulator runs in its own process (plain HTTP); its CPU
time is reported beside the client's.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time

import httpx
from _common import TOKEN, emulator, machine, process_cpu_seconds, verdict

from hfortix import FortiOS

ADDRESSES = "/api/v2/cmdb/firewall/address"


async def with_hfortix(url: str, names: list[str], concurrency: int) -> None:
    async with FortiOS(url, token=TOKEN, mode="async", max_concurrency=concurrency) as fgt:
        address = fgt.api.cmdb.firewall.address
        await asyncio.gather(*(address.create(name=name, subnet="10.0.0.1/32") for name in names))


async def with_httpx(url: str, names: list[str], concurrency: int) -> None:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    slots = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60, trust_env=False) as client:
        async def create(name: str) -> None:
            async with slots:
                answer = await client.post(url + ADDRESSES, json={"name": name, "subnet": "10.0.0.1/32"},
                                           headers={"Authorization": f"Bearer {TOKEN}"})
                answer.raise_for_status()

        await asyncio.gather(*(create(name) for name in names))


def count(url: str, prefix: str) -> dict[str, int]:
    with FortiOS(url, token=TOKEN) as fgt:
        rows = fgt.api.cmdb.firewall.address.list(filter=f"name=@{prefix}")
    seen: dict[str, int] = {}
    for row in rows:
        seen[row["name"]] = seen.get(row["name"], 0) + 1
    return seen


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--baseline-n", type=int, default=2000, help="creates for the raw httpx baseline")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    ideal = math.ceil(args.n / args.concurrency) * args.latency_ms / 1000
    print(f"bulk create: {machine()}")
    print(f"N={args.n}, {args.concurrency} in flight, emulator latency {args.latency_ms:g} ms: "
          f"ideal ceil(N/C)*L = {ideal:.2f} s")
    print(f"{'client':20} {'N':>6} {'wall s':>8} {'x ideal':>8} {'client CPU s':>13} {'emulator CPU s':>15}"
          f" {'present once':>13}")
    results: dict[str, float] = {}
    with emulator(args.latency_ms) as ready:
        for label, run, n in (("httpx.AsyncClient", with_httpx, args.baseline_n),
                              ("hfortix async", with_hfortix, args.n)):
            prefix = f"{label.split('.')[0].split()[0]}-"
            names = [f"{prefix}{i}" for i in range(n)]
            ideal = math.ceil(n / args.concurrency) * args.latency_ms / 1000
            server0, cpu0, started = process_cpu_seconds(ready["pid"]), time.process_time(), time.perf_counter()
            asyncio.run(run(ready["url"], names, args.concurrency))
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu0
            server = (process_cpu_seconds(ready["pid"]) or 0) - (server0 or 0)
            seen = count(ready["url"], prefix)
            once = len(seen) == n and set(seen.values()) == {1}
            results[label] = wall / ideal
            print(f"{label:20} {n:6d} {wall:8.2f} {wall / ideal:8.2f} {cpu:13.2f} {server:15.2f} {once!s:>13}")
            if not once:
                raise RuntimeError(f"{label}: {len(seen)} of {n} addresses present, some more than once")
    ratio = results["hfortix async"]
    print(f"hfortix: {ratio:.2f} x ideal, goal {verdict(ratio, 1.25)}; "
          f"httpx: {results['httpx.AsyncClient']:.2f} x ideal")
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
