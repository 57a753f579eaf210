"""Every fuzz target runs briefly in the suite, so a target that breaks (or finds a bug) shows in CI."""

from __future__ import annotations

import importlib.util
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
