"""Scale: one process polls `monitor/system/status` on 1,000 emulated FortiGates.

    .venv/bin/python benchmarks/fleet_poll.py                      # 1,000 devices, HTTPS, a few minutes at most
    .venv/bin/python benchmarks/fleet_poll.py --devices 100 --http # smaller, plain HTTP

`--processes` emulator processes (benchmarks/fleet_emulators.py) serve `--devices` FortiGates, each
on its own loopback port with its own token. This process then polls every one of them, up to
`--concurrency` at once, in these ways (each once, in this order):

* **raw httpx** (the baseline): per device a fresh `httpx.AsyncClient` (one shared SSLContext),
  one GET with the token, `.json()`, close; an `asyncio.Semaphore` bounds the devices in flight.
* **Fleet asyncio / trio / sync**: `Fleet(devices, mode=...).map(fn, max_concurrency=...)` over
  `Device`s, so each device gets its own `FortiOS` client for the call (built, used, closed), as
  an inventory run does; sync mode runs as many threads.
* **Fleet of open clients, asyncio**: 1,000 `FortiOS` clients made first and kept; polled twice
  (the second poll reuses each client's connection); the memory they hold is "RSS per client".

Per way: wall time, this process's CPU per device (user + system, all threads), the emulators'
CPU per device (from /proc; 10 ms ticks), failures, and hfortix ÷ raw httpx for wall and CPU.
The machine's cores are shared with the emulator processes, so the wall time is the whole
system's (client and servers) throughput, not the client's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import resource
import shlex
import ssl
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import anyio
import httpx
from _common import process_cpu_seconds, ready_process

from hfortix import Device, Fleet

STATUS = "/api/v2/monitor/system/status"


def rss_mb() -> float:
    """This process's resident memory now (Linux /proc), in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Measured:
    def __init__(self, name: str, devices: int, servers: list[int]) -> None:
        self.name, self.devices, self.servers = name, devices, servers

    def __enter__(self) -> Measured:
        self.server_cpu = self._server_cpu()
        self.cpu, self.wall, self.rss = cpu_seconds(), time.perf_counter(), rss_mb()
        return self

    def _server_cpu(self) -> float:
        return sum(process_cpu_seconds(pid) or 0.0 for pid in self.servers)

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = cpu_seconds() - self.cpu
        self.server_cpu = self._server_cpu() - self.server_cpu
        self.rss = rss_mb() - self.rss


async def raw_httpx(devices: list[dict[str, Any]], contexts: dict[Any, Any], limit: int) -> int:
    slots = asyncio.Semaphore(limit)
    failures = 0

    async def one(device: dict[str, Any]) -> None:
        nonlocal failures
        async with slots:
            try:
                async with httpx.AsyncClient(verify=contexts[device["ca"]], trust_env=False) as client:
                    answer = await client.get(device["host"] + STATUS,
                                              headers={"Authorization": f"Bearer {device['token']}"})
                    answer.raise_for_status()
                    answer.json()
            except Exception:  # counted, not raised: the run goes on
                failures += 1

    await asyncio.gather(*(one(device) for device in devices))
    return failures


def status(fgt: Any) -> Any:
    return fgt.api.monitor.system.status.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=4, help="emulator processes (default 4)")
    parser.add_argument("--concurrency", type=int, default=100, help="devices in flight (default 100)")
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of HTTPS")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # 1,000 open clients hold 1,000 sockets
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4 * args.devices + 1024)), hard))

    per_process = -(-args.devices // args.processes)
    script = str(Path(__file__).resolve().parent / "fleet_emulators.py")
    with ExitStack() as stack:
        started = time.perf_counter()
        launched = []
        for first in range(0, args.devices, per_process):
            count = min(per_process, args.devices - first)
            command = [sys.executable, script, "--count", str(count), "--first", str(first)]
            launched.append(stack.enter_context(ready_process(command + (["--http"] if args.http else []))))
        boot = time.perf_counter() - started
        servers = [ready["pid"] for ready in launched]
        devices = [{**device, "ca": ready["ca"]} for ready in launched for device in ready["devices"]]
        contexts = {ready["ca"]: ssl.create_default_context(cafile=ready["ca"]) if ready["ca"] else False
                    for ready in launched}  # each emulator process has its own CA
        fleet_devices = [Device(d["name"], d["host"], token=d["token"], ca=d["ca"]) for d in devices]
        print(f"{len(devices)} emulated FortiGates in {len(launched)} processes, ready in {boot:.1f} s "
              f"({'HTTP' if args.http else 'HTTPS'}); polling {STATUS}, {args.concurrency} at once\n")

        runs: list[tuple[Measured, int]] = []

        def run(name: str, work: Callable[[], int]) -> None:
            with Measured(name, len(devices), servers) as measured:
                failures = work()
            runs.append((measured, failures))

        def fleet_failures(results: list[Any]) -> int:
            return sum(not result.ok for result in results)

        warm = min(10, len(devices))  # imports, first TLS contexts, caches: before anything is measured
        asyncio.run(raw_httpx(devices[:warm], contexts, args.concurrency))
        for backend in ("asyncio", "trio"):
            anyio.run(lambda: Fleet(fleet_devices[:warm], mode="async").map(status), backend=backend)
        Fleet(fleet_devices[:warm]).map(status)

        run("raw httpx, asyncio (baseline)", lambda: asyncio.run(raw_httpx(devices, contexts, args.concurrency)))
        for backend in ("asyncio", "trio"):
            fleet = Fleet(fleet_devices, mode="async")
            run(f"Fleet, {backend}", lambda fleet=fleet, backend=backend: fleet_failures(anyio.run(
                lambda: fleet.map(status, max_concurrency=args.concurrency), backend=backend)))
        run("Fleet, sync (threads)", lambda: fleet_failures(Fleet(fleet_devices).map(
            status, max_concurrency=args.concurrency)))

        async def open_clients() -> None:
            before = rss_mb()
            clients = [device.client("async") for device in fleet_devices]
            fleet = Fleet(clients, mode="async")
            try:
                for poll in ("first poll", "second poll"):
                    with Measured(f"Fleet of {len(clients)} open clients, {poll}", len(devices), servers) as m:
                        results = await fleet.map(status, max_concurrency=args.concurrency)
                    runs.append((m, fleet_failures(results)))
                held = rss_mb() - before
            finally:
                for client in clients:
                    await client.aclose()
            print(f"memory held by {len(clients)} open clients (each with its connection): {held:.0f} MB, "
                  f"{held * 1024 / len(clients):.0f} KB per client\n")

        asyncio.run(open_clients())

    baseline = runs[0][0]
    print(f"{'way':<44} {'wall s':>7} {'dev/s':>7} {'client CPU ms/dev':>18} {'server CPU ms/dev':>18} "
          f"{'failed':>6} {'wall x':>6} {'CPU x':>6}")
    for measured, failures in runs:
        per = 1000 / measured.devices
        print(f"{measured.name:<44} {measured.wall:>7.2f} {measured.devices / measured.wall:>7.0f} "
              f"{measured.cpu * per:>18.2f} {measured.server_cpu * per:>18.2f} {failures:>6} "
              f"{measured.wall / baseline.wall:>6.2f} {measured.cpu / baseline.cpu:>6.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS of this process: {peak:.0f} MB; Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print("reproduce with:", shlex.join([".venv/bin/python", "benchmarks/fleet_poll.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
