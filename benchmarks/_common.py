"""What the benchmark scripts share: starting a server process that prints one JSON line
when ready (the emulator's CLI contract), and reading a process's CPU time."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def ready_process(command: list[str]) -> Iterator[dict[str, Any]]:
    """Run `command` until the block ends (SIGTERM); yield its ready line plus its "pid"."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"{shlex.join(command)} exited before it was ready")
            yield {**json.loads(line), "pid": process.pid}
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of process `pid` so far (Linux /proc), or None where unavailable."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


TOKEN = "benchmark-token"


@contextmanager
def emulator(latency_ms: float = 0, tls: bool = False) -> Iterator[dict[str, Any]]:
    """`python -m hfortix emulator` in its own process; yields its ready line ("url", "ca", "pid")."""
    import sys

    command = [sys.executable, "-m", "hfortix", "emulator", "--port", "0", "--token", TOKEN]
    command += ([] if tls else ["--http"]) + (["--latency-ms", f"{latency_ms:g}"] if latency_ms else [])
    with ready_process(command) as ready:
        yield ready


def machine() -> str:
    """One line naming the machine and the versions, for the top of every report."""
    import platform

    import httpx

    return (f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
            f"load {os.getloadavg()[0]:.2f}; httpx {httpx.__version__}")


def verdict(value: float, goal: float, *, at_most: bool = True) -> str:
    met = value <= goal if at_most else value >= goal
    return f"{'met' if met else 'MISSED'} ({'<=' if at_most else '>='} {goal:g})"
