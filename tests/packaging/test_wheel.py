"""The distribution installs as one package: hfortix, hfortix.core, hfortix.transports."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = (
    "import hfortix, hfortix.core, hfortix.transports, hfortix.emulator, importlib.util;"
    "from hfortix.core import catalog;"
    "assert catalog.find('cmdb', 'firewall', 'address').mkey == 'name';"
    "assert importlib.util.find_spec('core') is None and importlib.util.find_spec('transports') is None;"
    "from hfortix.FortiOS.exceptions_forti import ResourceNotFoundError;"
    "assert hfortix.ResourceNotFoundError is ResourceNotFoundError;"
    "from importlib.resources import files; tree = files('hfortix') / '_tree';"  # the typed tree ships
    "assert (tree / '__init__.pyi').is_file() and (tree / 'cmdb' / 'firewall' / '__init__.pyi').is_file();"
    "assert (tree / 'cmdb' / 'firewall' / '_0_.pyi').is_file() and (files('hfortix') / 'py.typed').is_file();"
    "print(hfortix.core.__file__)"
)


@pytest.mark.slow
def test_built_wheel_installs_and_imports(tmp_path: Path) -> None:
    # Build from a clean copy: setuptools reuses a build/ folder, which would leave stale files
    # in the wheel and clutter the working tree.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".hypothesis", ".mypy_cache", ".ruff_cache"))
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
                            str(source)], check=True, capture_output=True, text=True, timeout=600)
    assert "deprecated" not in built.stdout + built.stderr  # e.g. project.license as a table
    wheels = list(dist.glob("hfortix-*.whl"))
    assert len(wheels) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        metadata = wheel.read("hfortix-0.1.0.dist-info/METADATA").decode()
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheels[0])],
                   check=True, capture_output=True, timeout=600)
    # Dependencies (httpx, anyio…) come from the test venv's site-packages on PYTHONPATH: a plain
    # path entry runs no .pth file, so the editable install of hfortix stays invisible.
    deps = sysconfig.get_paths()["purelib"]
    result = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": deps}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert str(env_dir) in result.stdout  # imported from the wheel, not from the source tree


def test_editable_install_imports_from_the_checkout() -> None:
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, cwd="/",
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(ROOT / "src" / "hfortix" / "core"))
