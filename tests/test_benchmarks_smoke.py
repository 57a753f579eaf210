"""benchmarks/client_overhead.py still runs, at tiny sizes, in seconds. Timings are not checked: it measures."""

from __future__ import annotations

import runpy
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


GOAL_SCRIPTS = {
    "bulk_create.py": ["--n", "40", "--baseline-n", "20", "--latency-ms", "5"],
    "cpu_per_request.py": ["--requests", "64", "--concurrency", "8", "--repeat", "1"],
    "many_clients.py": ["--clients", "5", "--polls", "2", "--latency-ms", "5"],
    "gather.py": ["--latency-ms", "20", "--repeat", "1"],
    "startup.py": ["--runs", "1", "--this-python"],  # the wheel build itself is tests/packaging/test_wheel.py's
}


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(GOAL_SCRIPTS))
def test_goal_scripts_run(script: str) -> None:
    """Each issue-8 goal script runs at a tiny size and states its verdict (met or MISSED)."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *GOAL_SCRIPTS[script]], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "goal met" in result.stdout or "goal MISSED" in result.stdout, result.stdout
    assert "reproduce with:" in result.stdout


def test_typing_cost_measures_and_its_scripts_are_fifty_lines() -> None:
    """benchmarks/typing_cost.py needs the anchor's venv to run whole; its parts are checked here."""
    script = runpy.run_path(str(ROOT / "benchmarks" / "typing_cost.py"))
    wall, cpu, rss, status = script["measure"]([sys.executable, "-c", "x = list(range(100_000))"], ROOT)
    assert status == 0 and wall > 0 and cpu > 0 and rss > 5
    mypy_warm = script["commands"](sys.executable, "mypy warm", "script.py", Path("cache"))
    assert len(mypy_warm) == 2 and "--no-incremental" not in mypy_warm[1]
    assert "--pythonpath" in script["commands"](sys.executable, "pyright", "script.py", Path("cache"))[0]
    for path in script["SCRIPTS"].values():
        assert len(path.read_text().splitlines()) == 50, path


def test_tls_handshake_measures_each_side() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "tls_handshake.py"), "--handshakes", "5",
                             "--clients", "10"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 handshakes: client" in result.stdout and "10 clients pay" in result.stdout, result.stdout


def test_typing_floor_takes_every_typeddict_out_and_leaves_valid_stubs(tmp_path: Path) -> None:
    """benchmarks/typing_floor.py needs the anchor's venv to run whole; its skeleton is checked here."""
    import ast
    import shutil

    tree = ROOT / "src" / "hfortix" / "_tree"
    shutil.copytree(tree / "cmdb" / "firewall", tmp_path / "firewall")
    script = runpy.run_path(str(ROOT / "benchmarks" / "typing_floor.py"))
    taken = script["skeleton"](tmp_path)
    texts = [stub.read_text() for stub in tmp_path.rglob("*.pyi")]
    assert taken > 100 and not any("TypedDict(" in text or "**fields: Unpack[" in text for text in texts)
    for text in texts:
        ast.parse(text)


@pytest.mark.slow
def test_connection_cost_runs_and_splits_the_job() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "connection_cost.py"), "--rounds", "1",
                             "--runs", "1", "--clients", "3"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "per conn" in result.stdout and "reproduce with:" in result.stdout, result.stdout


@pytest.mark.slow
def test_raw_polls_drives_an_emulator() -> None:
    from hfortix.testing import FortiGateEmulator

    with FortiGateEmulator(http=True, token="benchmark-token") as emulator:
        result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "raw_polls.py"), str(emulator.port),
                                 "--clients", "3", "--polls", "2"], cwd=ROOT, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        assert emulator.stats.requests_total == 6
