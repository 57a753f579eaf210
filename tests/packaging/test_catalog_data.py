"""The committed catalog data is exactly what tools/build_catalog.py makes from the shared catalog."""

from __future__ import annotations

import filecmp
import runpy
from pathlib import Path

import pytest
from shared_data import SHARED, SKIP_REASON

ROOT = Path(__file__).resolve().parents[2]
SOURCE = SHARED / "data" / "fortios_catalog.json"


@pytest.mark.skipif(not SOURCE.exists(), reason=SKIP_REASON)
def test_committed_catalog_data_is_reproducible(tmp_path: Path) -> None:
    build = runpy.run_path(str(ROOT / "tools" / "build_catalog.py"))
    build["main"](SOURCE, tmp_path / "catalog")
    committed = ROOT / "src" / "hfortix" / "core" / "_catalog"
    made = sorted(p.relative_to(tmp_path / "catalog") for p in (tmp_path / "catalog").rglob("*.json"))
    assert made == sorted(p.relative_to(committed) for p in committed.rglob("*.json"))
    for relative in made:
        assert filecmp.cmp(tmp_path / "catalog" / relative, committed / relative, shallow=False), relative
