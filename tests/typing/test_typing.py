"""A type checker tells the modes apart: sync calls return data, async calls coroutines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def mypy(target: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    # From a folder outside the checkout, as a user's project would: hfortix is found as installed.
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(target)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path, env=dict(os.environ))


def test_assert_type_holds_in_both_modes(tmp_path: Path) -> None:
    result = mypy(HERE / "modes_check.py", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_await_is_flagged(tmp_path: Path) -> None:
    result = mypy(HERE / "missing_await.py", tmp_path)
    assert result.returncode == 1 and "Coroutine" in result.stdout, result.stdout


def test_the_test_kit_is_typed(tmp_path: Path) -> None:
    result = mypy(HERE / "kit_check.py", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
