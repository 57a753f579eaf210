"""The generated files are exactly what their scripts make now: the typed tree's stubs
(tools/build_stubs.py) and the Markdown endpoint reference (tools/build_reference.py)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NATIVE = ROOT.parent / "shared" / "data" / "fortios_monitor_native.json"  # monitor results come from it


def committed(folder: Path, pattern: str) -> dict[str, str]:
    return {str(path.relative_to(folder)): path.read_text() for path in sorted(folder.rglob(pattern))}


def stale(made: dict[str, str], folder: Path, pattern: str, script: str) -> str:
    have = committed(folder, pattern)
    missing, extra = sorted(set(made) - set(have)), sorted(set(have) - set(made))
    changed = sorted(name for name in set(made) & set(have) if made[name] != have[name])
    return "" if not (missing or extra or changed) else (
        f"{folder.relative_to(ROOT)} is out of date: run `python tools/{script}` "
        f"(missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]})")


@pytest.mark.skipif(not NATIVE.exists(), reason="../shared/data is not beside this checkout")
def test_committed_stubs_are_what_the_catalog_makes() -> None:
    build = runpy.run_path(str(ROOT / "tools" / "build_stubs.py"))
    folder = ROOT / "src" / "hfortix" / "_tree"
    message = stale(build["build"](NATIVE), folder, "*.pyi", "build_stubs.py")
    assert not message, message
    assert not list(folder.rglob("*.py")), "the typed tree is stubs only: Python must never import it"


def test_committed_endpoint_reference_is_what_the_catalog_makes() -> None:
    build = runpy.run_path(str(ROOT / "tools" / "build_reference.py"))
    message = stale(build["pages"](), ROOT / "docs" / "endpoints", "*.md", "build_reference.py")
    assert not message, message
