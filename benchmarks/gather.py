"""The guide's three-call asyncio.gather against sequential awaits, at 100 ms latency.

    .venv/bin/python benchmarks/gather.py [--latency-ms 100] [--repeat 5]

Goal (issue 8): gathering `address.list()`, `policy.list()` and `service.custom.list()` is at
least 2.9 x faster than awaiting them one after another (the ideal is 3 x). Baseline: the
sequential awaits on the same client, in the same run; medians of --repeat rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time

from _common import TOKEN, emulator, machine, verdict

from hfortix import FortiOS


async def rounds(url: str, repeat: int) -> tuple[float, float]:
    async with FortiOS(url, token=TOKEN, mode="async") as fgt:
        calls = (fgt.api.cmdb.firewall.address.list, fgt.api.cmdb.firewall.policy.list,
                 fgt.api.cmdb.firewall.service.custom.list)
        await asyncio.gather(*(call() for call in calls))  # warm: catalog entries and three connections
        sequential, gathered = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            for call in calls:
                await call()
            sequential.append(time.perf_counter() - started)
            started = time.perf_counter()
            await asyncio.gather(*(call() for call in calls))
            gathered.append(time.perf_counter() - started)
    return statistics.median(sequential), statistics.median(gathered)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"gather: {machine()}")
    with emulator(args.latency_ms) as ready:
        sequential, gathered = asyncio.run(rounds(ready["url"], args.repeat))
    speedup = sequential / gathered
    print(f"sequential {sequential * 1e3:.0f} ms, asyncio.gather {gathered * 1e3:.0f} ms: "
          f"{speedup:.2f} x faster, goal {verdict(speedup, 2.9, at_most=False)}")
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
