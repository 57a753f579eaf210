"""The README's "Many FortiGates" examples run as written: its inventory loads, and its asyncio
program and its past-one-machine `poll` work against emulators (with the inventory's hosts
pointed at them)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from hfortix.fleet import load_inventory
from hfortix.testing import FortiGateEmulator

README = Path(__file__).resolve().parents[2] / "README.md"


def blocks(language: str) -> list[str]:
    section = README.read_text().split("## Many FortiGates", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def test_the_inventory_example_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORTIOS_TOKEN", "tok")
    monkeypatch.setenv("BRANCH2_PASSWORD", "pw")
    (tmp_path / "fleet.toml").write_text(blocks("toml")[0])
    first, second = load_inventory(tmp_path / "fleet.toml")
    assert (first.name, first.token, first.ca) == ("branch-1", "tok", "fortigate-ca.pem")
    assert (second.username, second.password, second.vdom) == ("automation", "pw", "dmz")


def test_the_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    with FortiGateEmulator(token="tok", username="automation", password="pw", vdoms=("root", "dmz"),
                           hostname="edge") as emu:
        inventory = blocks("toml")[0].replace("192.0.2.11", emu.host).replace("192.0.2.12:8443", emu.host)
        (tmp_path / "fleet.toml").write_text(inventory.replace("fortigate-ca.pem", emu.ca))
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("FORTIOS_TOKEN", "tok")
        monkeypatch.setenv("BRANCH2_PASSWORD", "pw")
        program, spread = blocks("python")
        exec(compile(program, "README.md", "exec"), {"__name__": "__main__"})
        assert capsys.readouterr().out.splitlines() == ["branch-1 edge", "branch-2 edge"]
        namespace: dict[str, Any] = {"__name__": "readme"}
        exec(compile(spread, "README.md", "exec"), namespace)
        parts = pickle.loads(pickle.dumps(namespace["parts"]))  # what a worker receives
        assert [name for name, value, error in namespace["poll"](parts[0])] == ["branch-1", "branch-2"]
