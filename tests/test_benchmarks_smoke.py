"""benchmarks/client_overhead.py still runs, at tiny sizes, in seconds. Timings are not checked: it measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "client_overhead.py"
TINY = ["--n", "5", "--m", "4", "--objects", "5", "--repeat", "1", "--bulk-repeat", "1", "--warmup", "2",
        "--core-iterations", "20"]
HEADINGS = (
    "1. Sequential sync calls",
    "2. Concurrent async calls",
    "3. Bulk: create, list, delete",
    "4. hfortix's own CPU per call, no sockets",
    "wall us/op",
    "reproduce with:",
)


@pytest.mark.slow
@pytest.mark.parametrize("where", [[], ["--server-process"]], ids=["emulator-thread", "emulator-process"])
def test_client_overhead_runs(where: list[str]) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), *TINY, *where], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for heading in HEADINGS:
        assert heading in result.stdout, f"{heading!r} missing from:\n{result.stdout}"
