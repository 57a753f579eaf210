"""The pytest plugin (`pytest11` entry point `hfortix.pytest_plugin`), run as a user runs it: a
test file in a folder of its own and `python -m pytest` on it, warnings as errors (an unclosed
client or emulator would show). The README's copyable test file is one of them, as written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

MORE = '''
import pytest

from hfortix import FortiOS


@pytest.mark.parametrize("fortios", ["sync", "async"], indirect=True)
@pytest.mark.anyio
async def test_both_modes_from_one_test(fortios):
    answer = fortios.api.cmdb.firewall.address.list()
    rows = await answer if fortios.mode == "async" else answer
    assert "all" in [row["name"] for row in rows]


@pytest.mark.parametrize("anyio_backend", ["trio"])
@pytest.mark.anyio
@pytest.mark.fortigate(mode="async", http=True)
async def test_async_under_trio_over_http(fortios, fortigate):
    assert fortigate.url.startswith("http://")
    assert await fortios.api.cmdb.firewall.address.exists("all")


@pytest.mark.parametrize("fortigate", [{"firmware": "7.0.12", "vdoms": ["root", "lab"]}], indirect=True)
def test_a_dict_parameter(fortigate, fortios):
    assert fortigate.app.firmware.text == "7.0.12" and fortigate.app.vdoms == ["root", "lab"]
    assert isinstance(fortios, FortiOS) and fortios.mode == "sync"


def test_each_test_gets_a_fresh_box_one(fortios):
    fortios.api.cmdb.firewall.address.create(name="leftover", subnet="10.0.0.1/32")


def test_each_test_gets_a_fresh_box_two(fortios):
    assert not fortios.api.cmdb.firewall.address.exists("leftover")


def test_the_emulator_alone(fortigate):
    assert fortigate.token and fortigate.ca and fortigate.host.startswith("127.0.0.1:")


@pytest.mark.fortigate(mode="async")
def test_an_async_client_in_a_sync_test_is_refused(fortios):
    pass


@pytest.mark.fortigate("7.4.5")
def test_positional_marker_options_are_refused(fortigate):
    pass
'''


def run_pytest(folder: Path, source: str) -> subprocess.CompletedProcess[str]:
    (folder / "test_user.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider", "test_user.py"],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.slow
def test_the_readme_test_file_passes_as_written(tmp_path: Path) -> None:
    match = re.search(r"```python\n(# test_fortigate\.py\n.*?)```", README, re.S)
    assert match, "the README lost its copyable test file"
    result = run_pytest(tmp_path, match.group(1))
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b9 passed\b", result.stdout), result.stdout


@pytest.mark.slow
def test_modes_parameters_fresh_boxes_and_clear_errors(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, MORE)
    out = result.stdout
    assert " failed" not in out and re.search(r"\b\d+ passed, 2 errors\b", out), out + result.stderr
    assert "an async 'fortios' client needs an async test run by anyio" in out
    assert "takes keyword options only" in out
