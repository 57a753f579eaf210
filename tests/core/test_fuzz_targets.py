"""Every fuzz target runs briefly in the suite, so a target that breaks (or finds a bug) shows in CI;
so does `fuzz/run.py`, the one entry point that fuzzes them all for a time budget."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"
TARGETS = sorted(path for path in FUZZ.glob("fuzz_*.py"))


def load(path: Path) -> ModuleType:
    sys.path.insert(0, str(FUZZ))  # the targets import the shared _runner as a sibling
    try:
        spec = importlib.util.spec_from_file_location(f"_fuzz_{path.stem}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(FUZZ))


def test_every_target_is_listed_in_the_readme() -> None:
    readme = (FUZZ / "README.md").read_text()
    assert TARGETS and all(f"`{path.name}`" in readme for path in TARGETS)


@pytest.mark.parametrize("path", TARGETS, ids=lambda path: path.stem)
def test_target_holds_on_its_seeds_and_on_generated_inputs(path: Path) -> None:
    module = load(path)
    for seed in getattr(module, "SEEDS", ()):
        module.target(seed)
    runner = load(FUZZ / "_runner.py")
    runner.run(module.target, iterations=300, seed=1, seeds=getattr(module, "SEEDS", ()))


def run_all(folder: Path, seconds: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(folder / "run.py"), "--seconds", seconds], capture_output=True,
                          text=True, timeout=300)


def test_run_py_fuzzes_every_target_for_a_time_budget() -> None:
    result = run_all(FUZZ, "2")
    assert result.returncode == 0, result.stdout + result.stderr
    done = [line.split()[1].rstrip(":") for line in result.stdout.splitlines() if line.startswith("ok ")]
    assert done == [path.stem for path in TARGETS]


def test_run_py_stops_at_the_first_failure_and_names_it(tmp_path: Path) -> None:
    for name in ("run.py", "_runner.py", "fuzz_filter.py"):
        shutil.copy(FUZZ / name, tmp_path / name)
    (tmp_path / "fuzz_broken.py").write_text("def target(data: bytes) -> None:\n    assert b'x' not in data\n")
    result = run_all(tmp_path, "1")
    assert result.returncode == 1
    assert "FAILED fuzz_broken.py at --seed 0" in result.stdout and "AssertionError" in result.stderr
