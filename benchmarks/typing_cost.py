"""What type checking a 50-line script that uses the endpoint tree costs: hfortix against the anchor.

    .venv/bin/python benchmarks/typing_cost.py --anchor /tmp/anchor-venv/bin/python [--repeat 3]

The anchor is hfortix-fortios 0.5.164, installed only into a throwaway venv outside the
checkout (`python3 -m venv /tmp/anchor-venv && /tmp/anchor-venv/bin/pip install
hfortix-fortios==0.5.164 mypy==<ours> pyright==<ours>`). Its code is never read here: the
script is only type-checked. Each side checks its own 50-line script (typing_cost/*.py: the
same operations in each SDK's API) with the same mypy and pyright versions, side by side in
one run, alternating; plus a 50-line script that imports nothing, to show each checker's own
start-up cost (so "above bare" is what the SDK adds).

Per run: wall time, CPU time (user + system of the checker and its children: the fairer
figure on a shared machine) and peak memory (max RSS of the checker or its node child, from
wait4). mypy runs cold (`--no-incremental`, what the first run and CI pay) and warm (a second
run on the cache of the first); pyright keeps no cache. Medians of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent / "typing_cost"
SCRIPTS = {"hfortix": HERE / "hfortix_script.py", "anchor": HERE / "anchor_script.py", "bare": HERE / "bare_script.py"}


def measure(command: list[str], cwd: Path) -> tuple[float, float, int, int]:
    """(wall s, CPU s, max RSS MB, exit status) of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, process.returncode


def commands(python: str, checker: str, script: str, cache: Path) -> list[list[str]]:
    """The runs of one measurement; only the last is measured (mypy warm: the first fills the cache)."""
    if checker == "pyright":
        return [[str(Path(python).parent / "pyright"), "--pythonpath", python, script]]
    mypy = [python, "-m", "mypy", "--strict", "--cache-dir", str(cache)]
    if checker == "mypy cold":
        return [[*mypy, "--no-incremental", script]]
    return [[*mypy, script], [*mypy, script]]


def run(pythons: dict[str, str], repeat: int) -> dict[tuple[str, str], list[tuple[float, float, int]]]:
    results: dict[tuple[str, str], list[tuple[float, float, int]]] = {}
    for checker in ("mypy cold", "mypy warm", "pyright"):
        for _ in range(repeat):
            for side, python in pythons.items():
                with tempfile.TemporaryDirectory() as folder:  # outside the checkout, as a user's project
                    work = Path(folder)
                    shutil.copy(SCRIPTS[side], work / "script.py")
                    for command in commands(python, checker, "script.py", work / ".mypy_cache"):
                        wall, cpu, rss, _ = measure(command, work)
                results.setdefault((checker, side), []).append((wall, cpu, rss))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--anchor", required=True, help="python of the venv with hfortix-fortios 0.5.164")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pythons = {"hfortix": sys.executable, "anchor": args.anchor, "bare": sys.executable}
    for python in (sys.executable, args.anchor):  # pyright fetches its node package on first use
        subprocess.run([str(Path(python).parent / "pyright"), "--version"], capture_output=True, check=True)
    results = run(pythons, args.repeat)
    print(f"median of {args.repeat} runs; 'above bare': minus the same checker on a 50-line script importing nothing")
    print(f"{'checker':<10} {'side':<8} {'wall s':>7} {'CPU s':>7} {'MB':>6} "
          f"{'CPU above bare':>15} {'MB above bare':>14}")
    for checker in ("mypy cold", "mypy warm", "pyright"):
        medians = {side: [statistics.median(run[i] for run in results[(checker, side)]) for i in range(3)]
                   for side in pythons}
        for side in pythons:
            wall, cpu, rss = medians[side]
            above = "" if side == "bare" else f"{cpu - medians['bare'][1]:>15.2f} {rss - medians['bare'][2]:>14.0f}"
            print(f"{checker:<10} {side:<8} {wall:>7.2f} {cpu:>7.2f} {rss:>6.0f} {above}")
        ours, anchor, bare = medians["hfortix"], medians["anchor"], medians["bare"]
        print(f"{checker:<10} {'ratio':<8} {ours[0] / anchor[0]:>7.2f} {ours[1] / anchor[1]:>7.2f} "
              f"{ours[2] / anchor[2]:>6.2f} {(ours[1] - bare[1]) / (anchor[1] - bare[1]):>15.2f} "
              f"{(ours[2] - bare[2]) / max(anchor[2] - bare[2], 1):>14.2f}   (hfortix / anchor)")


if __name__ == "__main__":
    main()
