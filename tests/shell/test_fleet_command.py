"""`hfortix fleet --inventory FILE <get|set|backup>`: three FortiGates, one of which fails; every
device is reported, and the exit status is 1."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from shell_runner import Run

from hfortix.testing import FortiGateEmulator


@pytest.fixture(scope="module")
def boxes() -> Any:
    with FortiGateEmulator(hostname="edge-a") as a, FortiGateEmulator(hostname="edge-b", firmware="7.2.8") as b:
        yield a, b


@pytest.fixture
def inventory(boxes: Any, tmp_path: Path) -> Path:
    a, b = boxes
    path = tmp_path / "fleet.toml"
    path.write_text(f'[[device]]\nname = "a"\nhost = "{a.host}"\ntoken = "{a.token}"\nca = "{a.ca}"\n\n'
                    f'[[device]]\nname = "down"\nhost = "{a.host}"\ntoken = "wrong-token"\nca = "{a.ca}"\n\n'
                    f'[[device]]\nname = "b"\nhost = "{b.host}"\ntoken = "{b.token}"\nca = "{b.ca}"\n')
    return path


def failures(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()


def test_fleet_get_reports_every_device(hfortix: Run, inventory: Path) -> None:
    done = hfortix("fleet", "--inventory", str(inventory), "get", "monitor/system/status", "--fields", "hostname")
    assert done.returncode == 1  # one device failed
    records = json.loads(done.stdout)
    assert [record["device"] for record in records] == ["a", "down", "b"]
    assert records[0]["value"] == {"hostname": "edge-a"} and records[2]["value"] == {"hostname": "edge-b"}
    assert "AuthenticationError" in records[1]["error"] and "HTTP 401" in records[1]["error"]
    lines = failures(done.stderr)
    assert lines[0].startswith("hfortix fleet: down: AuthenticationError:") and "HTTP 401" in lines[0]
    assert lines[-1] == "hfortix fleet: 1 of 3 FortiGate(s) failed"


def test_fleet_get_as_csv_has_a_device_column(hfortix: Run, inventory: Path) -> None:
    done = hfortix("fleet", "--inventory", str(inventory), "get", "cmdb/firewall/address", "--fields", "name",
                   "--filter", "name==all", "-o", "csv")
    assert done.returncode == 1
    assert list(csv.reader(io.StringIO(done.stdout))) == [["device", "name"], ["a", "all"], ["b", "all"]]


def test_fleet_set_dry_run_then_for_real(hfortix: Run, inventory: Path, boxes: Any) -> None:
    a, b = boxes
    args = ("fleet", "--inventory", str(inventory), "--max-concurrency", "2", "set", "cmdb/firewall/address",
            "name=fleet-web", "subnet=10.7.0.1/32")
    preview = hfortix(*args, "--dry-run", "-o", "csv")
    assert preview.returncode == 1
    rows = list(csv.DictReader(io.StringIO(preview.stdout)))
    assert {(row["device"], row["action"], row["field"]) for row in rows} == {
        ("a", "create", "name"), ("a", "create", "subnet"), ("b", "create", "name"), ("b", "create", "subnet")}
    assert a.app.get_object("firewall", "address", "fleet-web") is None  # nothing written
    done = hfortix(*args)
    assert done.returncode == 1 and "down: AuthenticationError" in done.stderr
    assert [record.get("action") for record in json.loads(done.stdout)] == ["create", None, "create"]
    assert b.app.get_object("firewall", "address", "fleet-web")["subnet"] == "10.7.0.1 255.255.255.255"
    again = json.loads(hfortix(*args).stdout)
    assert [record.get("action") for record in again] == ["none", None, "none"]


def test_fleet_backup_writes_a_file_per_device(hfortix: Run, inventory: Path, boxes: Any, tmp_path: Path) -> None:
    a, b = boxes
    folder = tmp_path / "backups"
    done = hfortix("fleet", "--inventory", str(inventory), "backup", "--dir", str(folder), "-o", "table")
    assert done.returncode == 1 and "down: AuthenticationError" in done.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["a.conf", "b.conf"]
    assert (folder / "a.conf").read_text() == a.app.backup()  # 7.6.5: a POST
    assert (folder / "b.conf").read_text() == b.app.backup()  # 7.2.8: a GET
    assert any(line.split()[:2] == ["a", str(folder / "a.conf")] for line in done.stdout.splitlines())


def test_a_fleet_that_all_succeeds_exits_0(hfortix: Run, boxes: Any, tmp_path: Path) -> None:
    a, _ = boxes
    path = tmp_path / "ok.toml"
    path.write_text(f'[defaults]\ntoken = "{a.token}"\nca = "{a.ca}"\n[[device]]\nname = "one"\nhost = "{a.host}"\n'
                    f'[[device]]\nname = "two"\nhost = "{a.host}"\n')
    done = hfortix("fleet", "--inventory", str(path), "get", "cmdb/system/global", "--fields", "hostname", "-o",
                   "yaml")
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.count("device:") == 2


def test_fleet_usage_errors(hfortix_here: Run, tmp_path: Path) -> None:
    hfortix = hfortix_here
    missing = hfortix("fleet", "--inventory", str(tmp_path / "none.toml"), "get", "monitor/system/status")
    assert missing.returncode == 2 and "cannot read the inventory" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('[[device]]\nname = "x"\nhost = "h"\n')
    unusable = hfortix("fleet", "--inventory", str(bad), "get", "monitor/system/status")
    assert unusable.returncode == 2 and "device 'x': no credentials" in unusable.stderr
    assert hfortix("fleet", "--inventory", str(bad)).returncode == 2  # no command
    assert hfortix("fleet", "--inventory", str(bad), "delete", "x", "y").returncode == 2  # not a fleet command
    assert hfortix("fleet", "--inventory", str(bad), "--max-concurrency", "0", "get", "x").returncode == 2
