"""`hfortix get/set/delete/backup` against emulators, in a subprocess as a user runs them:
connection options and FORTIOS_* variables, the four output formats, ensure semantics with
--dry-run, failures as one line on stderr with exit status 1, usage errors with 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from shell_runner import Run

from hfortix.testing import FortiGateEmulator


@pytest.fixture(scope="module")
def emu() -> Any:
    with FortiGateEmulator(vdoms=("root", "dmz"), token="cli-token", username="admin", password="pw") as emulator:
        emulator.app.add_object("firewall", "address", {"name": "web", "subnet": "10.0.1.50/32"})
        emulator.app.add_object("firewall", "address", {"name": "db", "subnet": "10.0.2.0/24"})
        yield emulator


@pytest.fixture(scope="module")
def env(emu: Any) -> dict[str, str]:
    """What a user puts in the environment once: the FortiGate, a token and its CA."""
    return {"FORTIOS_HOST": emu.host, "FORTIOS_TOKEN": emu.token, "FORTIOS_CA": emu.ca}


def one_line(stderr: str) -> str:
    """A failure is exactly one line, and never a traceback."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


# -- get ----------------------------------------------------------------------------------------


def test_get_prints_json_off_a_terminal(hfortix: Run, env: dict[str, str]) -> None:
    done = hfortix("get", "cmdb/firewall/address", env=env)
    assert done.returncode == 0, done.stderr
    names = [row["name"] for row in json.loads(done.stdout)]
    assert {"all", "web", "db"} <= set(names)


def test_get_with_options_instead_of_the_environment(hfortix: Run, emu: Any) -> None:
    done = hfortix("get", "/api/v2/cmdb/firewall/address/", "web", "--host", emu.host, "--token", emu.token,
                   "--ca", emu.ca, "-o", "yaml")
    assert done.returncode == 0, done.stderr
    assert yaml.safe_load(done.stdout)["subnet"] == "10.0.1.50 255.255.255.255"


def test_get_fields_filters_and_csv(hfortix: Run, env: dict[str, str]) -> None:
    done = hfortix("get", "cmdb/firewall/address", "--filter", "name=@e", "--fields", "name,subnet", "-o", "csv",
                   env=env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["name", "subnet"]
    assert ["web", "10.0.1.50 255.255.255.255"] in rows[1:] and all("e" in row[0].lower() for row in rows[1:])


def test_get_as_a_table(hfortix: Run, env: dict[str, str]) -> None:
    done = hfortix("get", "cmdb/firewall/address", "--fields", "name,subnet", "-o", "table", env=env)
    assert done.returncode == 0, done.stderr
    header, *rest = [line.split() for line in done.stdout.splitlines() if line.strip() and "─" not in line]
    assert header == ["name", "subnet"] and ["web", "10.0.1.50", "255.255.255.255"] in rest
    one = hfortix("get", "monitor/system/status", "-o", "table", env=env)  # one object: field | value
    assert one.returncode == 0 and any(line.split() == ["hostname", "FGT-EMULATOR"] for line in one.stdout.splitlines())


def test_get_over_every_vdom_has_a_vdom_column(hfortix_here: Run, env: dict[str, str]) -> None:
    hfortix = hfortix_here
    done = hfortix("get", "cmdb/firewall/address", "--vdom", "*", "--fields", "name", "-o", "csv", env=env)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["vdom", "name"] and ["root", "web"] in rows and ["dmz", "all"] in rows
    assert ["dmz", "web"] not in rows
    as_json = json.loads(hfortix("get", "cmdb/firewall/address", "--vdom", "root,dmz", env=env).stdout)
    assert set(as_json) == {"root", "dmz"}


def test_a_missing_object_is_one_line_and_status_1(hfortix: Run, env: dict[str, str]) -> None:
    done = hfortix("get", "cmdb/firewall/address", "no-such-address", env=env)
    assert done.returncode == 1 and done.stdout == ""
    line = one_line(done.stderr)
    assert line.startswith("hfortix get: ResourceNotFoundError: GET /api/v2/cmdb/firewall/address/no-such-address")
    assert "HTTP 404" in line and "FortiOS error -3 (object/entry does not exist)" in line


def test_a_bad_token_is_one_line_and_status_1(hfortix: Run, env: dict[str, str]) -> None:
    done = hfortix("get", "monitor/system/status", env={**env, "FORTIOS_TOKEN": "not-the-token"})
    assert done.returncode == 1
    assert "AuthenticationError" in one_line(done.stderr) and "HTTP 401" in done.stderr
    assert hfortix("get", "monitor/system/status", "--token", "wrong", env=env).returncode == 1  # the option wins


def test_a_session_login_with_the_password_from_the_environment(hfortix: Run, hfortix_here: Run, emu: Any,
                                                               env: dict[str, str]) -> None:
    login = {"FORTIOS_HOST": emu.host, "FORTIOS_CA": emu.ca, "FORTIOS_USERNAME": "admin"}
    done = hfortix("get", "cmdb/firewall/address", "web", env={**login, "FORTIOS_PASSWORD": "pw"})
    assert done.returncode == 0 and json.loads(done.stdout)["name"] == "web", done.stderr
    hfortix = hfortix_here  # the rest: the same code, in this process
    given = hfortix("get", "cmdb/firewall/address", "web", "--username", "admin", "--password", "pw", env=env)
    assert given.returncode == 0, given.stderr  # --username wins over FORTIOS_TOKEN
    asked = hfortix("get", "cmdb/firewall/address", env=login)  # no terminal to ask on
    assert asked.returncode == 2 and "no password for admin" in one_line(asked.stderr)
    wrong = hfortix("get", "cmdb/firewall/address", env={**login, "FORTIOS_PASSWORD": "nope"})
    assert wrong.returncode == 1 and "AuthenticationError" in one_line(wrong.stderr)


def test_insecure_skips_the_certificate_check_and_says_so(hfortix: Run, emu: Any) -> None:
    done = hfortix("get", "monitor/system/status", "--host", emu.host, "--token", emu.token, "--insecure")
    assert done.returncode == 0 and json.loads(done.stdout)["hostname"] == "FGT-EMULATOR"
    assert "not checked" in one_line(done.stderr)


@pytest.mark.parametrize(
    ("args", "problem"),
    [(["get", "cmdb/firewall/addres"], "did you mean cmdb/firewall/address"),
     (["get", "cmdb/firewall"], "cmdb/firewall is a namespace"),
     (["get", "cmdb/firewall/address/web"], "key after the path, as in cmdb/firewall/address web"),
     (["get", "cmdb/firewall/address", "--fields", "name,subnt"], "did you mean subnet"),
     (["get", "cmdb/system/global", "x"], "takes no KEY"),
     (["get", "cmdb/firewall/policy", "first"], "keyed by policyid, an integer"),
     (["get", "cmdb/firewall/address", "--filter", "name"], "filter"),
     (["set", "cmdb/firewall/address", "subnet=10.0.0.1/32"], "needs the object's key: name=..."),
     (["set", "cmdb/firewall/address", "name=x", "colour=3"], "did you mean color"),
     (["set", "cmdb/firewall/address", "name=x", "color=red"], "color is an integer"),
     (["set", "cmdb/firewall/address", "name=x", "type=ip-mask"], "not an option of type; did you mean 'ipmask'?"),
     (["set", "cmdb/system/interface", "name=port1", "allowaccess=ping htps"], "did you mean 'https'?"),
     (["set", "cmdb/firewall/address", "name"], "NAME=VALUE"),
     (["set", "monitor/system/status", "a=b"], "cmdb tables and singletons"),
     (["delete", "cmdb/system/global", "x"], "cmdb tables"),
     (["get", "monitor/system/status", "--token", "t", "--username", "u"], "not both")],
)
def test_usage_errors_are_one_line_and_status_2(hfortix_here: Run, env: dict[str, str], args: list[str],
                                                problem: str) -> None:
    done = hfortix_here(*args, env=env)
    assert done.returncode == 2 and problem in one_line(done.stderr), done.stderr


def test_no_fortigate_and_bad_options_are_usage_errors(hfortix: Run, hfortix_here: Run) -> None:
    nowhere = hfortix("get", "monitor/system/status", "--token", "t")
    assert nowhere.returncode == 2 and "pass --host or set FORTIOS_HOST" in one_line(nowhere.stderr)
    assert hfortix_here("get", "monitor/system/status", "--ca", "x", "--insecure").returncode == 2  # argparse's
    assert hfortix_here("get").returncode == 2
    assert hfortix_here("get", "x", "-o", "xml").returncode == 2


# -- set and delete -------------------------------------------------------------------------------


def test_set_creates_then_reports_unchanged(hfortix: Run, emu: Any, env: dict[str, str]) -> None:
    created = hfortix("set", "cmdb/firewall/address", "name=app", "subnet=10.0.3.7/32", "comment=front",
                      "color=3", env=env)
    assert created.returncode == 0, created.stderr
    record = json.loads(created.stdout)
    assert record["action"] == "create" and record["changed"] and record["key"] == "app"
    assert record["diff"]["color"] == {"before": None, "after": 3}
    assert emu.app.get_object("firewall", "address", "app")["comment"] == "front"
    revision = emu.app.revision
    again = hfortix("set", "cmdb/firewall/address", "name=app", "subnet=10.0.3.7 255.255.255.255", "-o", "table",
                    env=env)
    assert again.returncode == 0 and again.stdout.split() == ["unchanged", "cmdb/firewall/address", "app"]
    assert emu.app.revision == revision  # nothing was written


def test_set_dry_run_shows_the_diff_and_writes_nothing(hfortix: Run, emu: Any, env: dict[str, str]) -> None:
    revision = emu.app.revision
    done = hfortix("set", "cmdb/firewall/address", "name=web", "subnet=10.0.1.50/32", "comment=changed",
                   "--dry-run", "-o", "table", env=env)
    assert done.returncode == 0, done.stderr
    first, *table = [line.split() for line in done.stdout.splitlines() if line.strip() and "─" not in line]
    assert first[:3] == ["would", "update", "cmdb/firewall/address"] and "nothing" in first
    assert table == [["field", "before", "after"], ["comment", "changed"]]  # only what differs (was empty)
    assert emu.app.revision == revision and not emu.app.get_object("firewall", "address", "web").get("comment")
    as_csv = hfortix("set", "cmdb/firewall/address", "name=web", "comment=changed", "--dry-run", "-o", "csv", env=env)
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["key", "action", "field", "before", "after"], ["web", "update", "comment", "", "changed"]]


def test_set_a_member_list_and_a_singleton(hfortix_here: Run, emu: Any, env: dict[str, str]) -> None:
    hfortix = hfortix_here
    group = hfortix("set", "cmdb/firewall/addrgrp", "name=servers", "member=web,db", env=env)
    assert group.returncode == 0, group.stderr
    members = emu.app.get_object("firewall", "addrgrp", "servers")["member"]
    assert sorted(member["name"] for member in members) == ["db", "web"]
    again = hfortix("set", "cmdb/firewall/addrgrp", "name=servers", "member=db,web", env=env)  # any order
    assert json.loads(again.stdout)["action"] == "none"
    singleton = hfortix("set", "cmdb/system/global", "hostname=edge-1", "--vdom", "root", env=env)
    assert json.loads(singleton.stdout)["diff"]["hostname"]["after"] == "edge-1", singleton.stderr


def test_delete(hfortix: Run, emu: Any, env: dict[str, str]) -> None:
    emu.app.add_object("firewall", "address", {"name": "gone", "subnet": "10.0.9.9/32"})
    done = hfortix("delete", "cmdb/firewall/address", "gone", "-o", "table", env=env)
    assert done.returncode == 0 and done.stdout.split() == ["deleted", "cmdb/firewall/address", "gone"]
    assert emu.app.get_object("firewall", "address", "gone") is None
    again = hfortix("delete", "cmdb/firewall/address", "gone", env=env)  # a missing object
    assert again.returncode == 1 and "ResourceNotFoundError" in one_line(again.stderr)


# -- backup -------------------------------------------------------------------------------------


def test_backup_to_stdout_and_to_a_file(hfortix: Run, emu: Any, env: dict[str, str], tmp_path: Path) -> None:
    done = hfortix("backup", env=env)  # 7.6.5: a POST
    assert done.returncode == 0, done.stderr
    assert done.stdout == emu.app.backup() and done.stdout.startswith("#config-version=FGVM64-7.6.5-")
    target = tmp_path / "dmz.conf"
    written = hfortix("backup", "-f", str(target), "--vdom", "dmz", env=env)
    assert written.returncode == 0 and written.stdout == ""
    assert target.read_text() == emu.app.backup(scope="vdom", vdom="dmz")
    assert f"to {target}" in one_line(written.stderr)
    several = hfortix("backup", "--vdom", "*", env=env)
    assert several.returncode == 2 and "one --vdom" in several.stderr


def test_backup_of_an_older_release_is_a_get(hfortix: Run) -> None:
    with FortiGateEmulator(http=True, firmware="7.2.8") as old:
        done = hfortix("backup", "--host", old.url, "--token", old.token)
        assert done.returncode == 0 and done.stdout == old.app.backup()
        assert [method for method, target in old.stats.received if "config/backup" in target] == ["GET"]
        unwritable = hfortix("backup", "--host", old.url, "--token", old.token, "-f", "/nonexistent/dir/x.conf")
        assert unwritable.returncode == 1 and "No such file or directory" in one_line(unwritable.stderr)
