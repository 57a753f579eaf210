"""200 clients x 5 status polls each, all at once, against an emulator answering 20 ms late.

    .venv/bin/python benchmarks/many_clients.py [--clients 200] [--polls 5] [--latency-ms 20] [--http]

Goal (issue 8): within 5 x the ideal (polls x latency = 0.1 s). Every client is its own
`FortiOS(mode="async")` over HTTPS verified against the emulator's CA (each makes its own
connection and TLS handshake; the CA context is built once per process). Baseline in the same
run: 200 raw `httpx.AsyncClient`s, each with `verify=` the same CA file.

Before each contender is timed, one client of its kind makes one poll (untimed, shown as
"first call"): that pays the process's one-time costs (lazy imports, the catalog, the shared
TLS context), which `startup.py` measures, so neither contender carries them and the order
of the two runs does not matter.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

import httpx
from _common import TOKEN, emulator, machine, process_cpu_seconds, verdict

from hfortix import FortiOS

STATUS = "/api/v2/monitor/system/status"


async def ours(url: str, ca: str | None, clients: int, polls: int) -> None:
    async def one() -> None:
        async with FortiOS(url, token=TOKEN, verify=ca or True, mode="async") as fgt:
            for _ in range(polls):
                await fgt.api.monitor.system.status.get()

    await asyncio.gather(*(one() for _ in range(clients)))


async def raw(url: str, ca: str | None, clients: int, polls: int) -> None:
    async def one() -> None:
        async with httpx.AsyncClient(verify=ca or True, timeout=60, trust_env=False) as client:
            for _ in range(polls):
                (await client.get(url + STATUS, headers={"Authorization": f"Bearer {TOKEN}"})).json()

    await asyncio.gather(*(one() for _ in range(clients)))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--polls", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    args = parser.parse_args()
    ideal = args.polls * args.latency_ms / 1000
    print(f"many clients: {machine()}")
    print(f"{args.clients} clients x {args.polls} polls, {'HTTP' if args.http else 'HTTPS'}, latency "
          f"{args.latency_ms:g} ms: ideal {ideal:.2f} s")
    print(f"{'client':20} {'wall s':>8} {'x ideal':>8} {'client CPU s':>13} {'emulator CPU s':>15}")
    walls: dict[str, float] = {}
    firsts: dict[str, float] = {}
    with emulator(args.latency_ms, tls=not args.http) as ready:
        for label, run in (("hfortix async", ours), ("httpx.AsyncClient", raw)):
            first = time.perf_counter()
            asyncio.run(run(ready["url"], ready["ca"], 1, 1))
            firsts[label] = time.perf_counter() - first
            server0, cpu0, started = process_cpu_seconds(ready["pid"]) or 0, time.process_time(), time.perf_counter()
            asyncio.run(run(ready["url"], ready["ca"], args.clients, args.polls))
            walls[label] = wall = time.perf_counter() - started
            server = (process_cpu_seconds(ready["pid"]) or 0) - server0
            print(f"{label:20} {wall:8.2f} {wall / ideal:8.2f} {time.process_time() - cpu0:13.2f} {server:15.2f}")
    print("first call (untimed, one client, one poll): "
          + ", ".join(f"{label} {seconds * 1000:.0f} ms" for label, seconds in firsts.items()))
    ratio = walls["hfortix async"] / ideal
    print(f"hfortix: {ratio:.1f} x ideal, goal {verdict(ratio, 5)}; httpx: {walls['httpx.AsyncClient'] / ideal:.1f} x")
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
