"""ruff over the tree and mypy --strict over the whole package run with the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shadow import ROOT, shadow_tree


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_package(tmp_path: Path) -> None:
    tree = shadow_tree(tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "hfortix"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, env={**os.environ, "MYPYPATH": str(tree)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
