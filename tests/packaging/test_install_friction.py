"""A fresh clone installs and tests without friction: no skip reason points outside the clone,
and the package metadata uses the SPDX license expression setuptools asks for."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The tests that compare committed copies with the project's shared data, when it is there.
MAINTAINER_CHECKS = ["tests/packaging/test_catalog_data.py",
                     "tests/guide/test_guide_examples.py::test_the_copy_is_the_guide"]


def test_skip_reasons_stay_inside_the_clone_when_the_shared_data_is_absent(tmp_path: Path) -> None:
    env = {**os.environ, "HFORTIX_SHARED": str(tmp_path / "absent")}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:randomly", *MAINTAINER_CHECKS],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    skips = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skips) == len(MAINTAINER_CHECKS), result.stdout
    for line in skips:
        reason = line.split(": ", 1)[-1]
        assert "HFORTIX_SHARED" in reason, line  # it says how to run it
        paths = re.findall(r"(?:\.\./|/)[\w./-]+", reason)
        assert not paths, f"the skip reason names a path outside the clone: {line}"


def test_license_is_an_spdx_expression() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "Apache-2.0"
    assert any(re.fullmatch(r"setuptools>=(7[7-9]|[89]\d)(\.\d+)*", requirement)
               for requirement in project["build-system"]["requires"])
