"""Run every fuzz target here for a time budget: `python fuzz/run.py --seconds 60`.

The budget is shared evenly by the targets (every `fuzz_*.py` beside this file, found when
run, so a new target is fuzzed without being listed). Each target runs batches of inputs from
`_runner.run`, one seed after another (`--seed`, then +1, +2, ...), until its share of the
time is spent; so a run is reproducible batch by batch, and longer runs see more seeds. The
first failure stops the run: its target, seed and the shrunk input are printed, exit status 1.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
BATCH = 100  # inputs per seed: small, so a short budget still ends on time


def targets() -> list[Path]:
    return sorted(HERE.glob("fuzz_*.py"))


def load(path: Path) -> ModuleType:
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))  # the targets import the shared _runner as a sibling
    spec = importlib.util.spec_from_file_location(f"_fuzz_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fuzz(path: Path, seconds: float, seed: int) -> tuple[int, int]:
    """Run one target for `seconds` (at least one batch); (inputs tried, seeds used)."""
    from _runner import run

    module = load(path)
    seeds = getattr(module, "SEEDS", ())
    for example in seeds:
        module.target(example)
    deadline = time.monotonic() + seconds
    tried = used = 0
    while used == 0 or time.monotonic() < deadline:
        try:
            run(module.target, iterations=BATCH, seed=seed + used, seeds=seeds)
        except BaseException:
            print(f"FAILED {path.name} at --seed {seed + used} (--iterations {BATCH}):", flush=True)
            raise
        tried += BATCH
        used += 1
    return tried, used


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="time budget for all targets together (default %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="first seed (default %(default)s)")
    args = parser.parse_args(argv)
    if not args.seconds > 0:
        parser.error("--seconds must be a positive number")
    found = targets()
    share = args.seconds / len(found)
    for path in found:
        started = time.monotonic()
        tried, used = fuzz(path, share, args.seed)
        print(f"ok {path.stem}: {tried} inputs, seeds {args.seed}..{args.seed + used - 1}, "
              f"{time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
