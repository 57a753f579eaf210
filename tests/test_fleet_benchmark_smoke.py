"""benchmarks/fleet_poll.py (and its launcher, fleet_emulators.py) still run, at a tiny size.
Timings are not checked: it measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_fleet_poll_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "fleet_poll.py"), "--devices", "6", "--processes", "2",
         "--concurrency", "3"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 emulated FortiGates in 2 processes" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(("raw httpx", "Fleet"))]
    assert len(rows) == 6 and all(row[-3] == "0" for row in rows), result.stdout  # no device failed
    assert "reproduce with:" in result.stdout
