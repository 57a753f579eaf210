"""What a new connection and a poll cost each side: `many_clients.py`'s job split in two.

    .venv/bin/python benchmarks/connection_cost.py [--against SRC] [--rounds 4] [--runs 3] [--clients 200]

200 `FortiOS(mode="async")` clients over plain HTTP at 20 ms latency, run with 5 polls each and
with 1, in fresh processes (each with its own emulator process), `--runs` times per process and
`--rounds` processes per count, alternating with `--against` (a `src` folder of other code,
e.g. main's from `git archive main src | tar -x -C /tmp/main`) in the same sitting. This VM's
speed swings by up to 1.7x within minutes, so each figure is the minimum CPU over all runs, and
the per-connection and per-poll costs are the two-point fit of the 5-poll and 1-poll minimums
(a connection's cost includes its client, its first poll's extra work and its close).
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

from _common import machine

HERE = Path(__file__).resolve().parent
CHILD = """
import asyncio, sys, time
sys.path.insert(0, {here!r})
from _common import emulator, process_cpu_seconds
from many_clients import ours
clients, polls, runs = {clients}, {polls}, {runs}
with emulator(20.0, tls=False) as ready:
    asyncio.run(ours(ready["url"], None, 1, 1))  # the process's one-time costs, untimed
    out = []
    for _ in range(runs):
        server, cpu = process_cpu_seconds(ready["pid"]) or 0, time.process_time()
        asyncio.run(ours(ready["url"], None, clients, polls))
        out.append((time.process_time() - cpu, (process_cpu_seconds(ready["pid"]) or 0) - server))
print(repr(out))
"""


def run(src: str | None, clients: int, polls: int, runs: int) -> list[tuple[float, float]]:
    env = dict(os.environ)
    if src is not None:  # ahead of the editable install, for the client and its emulator process
        env["PYTHONPATH"] = src
    code = CHILD.format(here=str(HERE), clients=clients, polls=polls, runs=runs)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    result: list[tuple[float, float]] = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--against", help="a src folder of other code, run alternately as the baseline")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    trees: dict[str, str | None] = {"this code": None}
    if args.against:
        trees = {"baseline": args.against, **trees}
    print(f"connection cost: {machine()}")
    lowest: dict[tuple[str, int], tuple[float, float]] = {}
    for _ in range(args.rounds):
        for polls in (5, 1):
            for label, src in trees.items():
                for client, server in run(src, args.clients, polls, args.runs):
                    old = lowest.get((label, polls), (float("inf"), float("inf")))
                    lowest[label, polls] = (min(old[0], client), min(old[1], server))
    print(f"{args.clients} clients, HTTP, 20 ms; min CPU of {args.rounds * args.runs} runs; ms per connection / poll")
    print(f"{'code':10} {'side':9} {'5 polls s':>10} {'1 poll s':>9} {'per conn':>9} {'per poll':>9}")
    for label in trees:
        for side, index in (("client", 0), ("emulator", 1)):
            five, one = lowest[label, 5][index], lowest[label, 1][index]
            per_poll = (five - one) / (4 * args.clients)
            per_connection = one / args.clients - per_poll
            print(f"{label:10} {side:9} {five:10.3f} {one:9.3f} {per_connection * 1000:9.3f} {per_poll * 1000:9.3f}")
    if args.against:
        for side, index in (("client", 0), ("emulator", 1)):
            ratio = lowest["this code", 5][index] / lowest["baseline", 5][index]
            print(f"{side}: this code / baseline CPU for the 5-poll job = {ratio:.2f}")
    print(f"reproduce with: {sys.executable} {' '.join(sys.argv)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
