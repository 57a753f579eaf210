"""`hfortix endpoints` and `hfortix fields`: offline discovery from the catalog (no FortiGate)."""

from __future__ import annotations

import csv
import io
import json

from shell_runner import Run

from hfortix.core import catalog
from hfortix.shell.discovery import endpoint_rows, field_rows


def test_endpoints_matching_a_part_or_a_glob(hfortix: Run) -> None:
    done = hfortix("endpoints", "firewall/addr")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    paths = [row["path"] for row in rows]
    assert "cmdb/firewall/address" in paths and "cmdb/firewall/addrgrp6" in paths
    assert all("firewall/addr" in path for path in paths)
    address = rows[paths.index("cmdb/firewall/address")]
    assert address == {"path": "cmdb/firewall/address", "kind": "table", "key": "name",
                       "methods": ["GET", "POST", "PUT", "DELETE"], "versions": "6.0.0 and later"}
    glob = json.loads(hfortix("endpoints", "cmdb/*/address*", "-o", "json").stdout)
    assert {row["path"] for row in glob} >= {"cmdb/firewall/address", "cmdb/firewall/address6"}
    assert len(json.loads(hfortix("endpoints").stdout)) == len(catalog.endpoints())


def test_endpoints_on_one_release(hfortix_here: Run) -> None:
    hfortix = hfortix_here
    old = {row["path"] for row in json.loads(hfortix("endpoints", "firewall/policy", "--firmware", "6.2.0").stdout)}
    new = {row["path"] for row in json.loads(hfortix("endpoints", "firewall/policy", "--firmware", "7.6.5").stdout)}
    assert "cmdb/firewall/policy6" in old and "cmdb/firewall/policy6" not in new
    none = hfortix("endpoints", "no-such-thing")
    assert none.returncode == 2 and "no endpoint matches 'no-such-thing'" in none.stderr
    assert hfortix("endpoints", "--firmware", "seven").returncode == 2


def test_fields_with_types_options_and_versions(hfortix: Run) -> None:
    done = hfortix("fields", "cmdb/firewall/address", "-o", "csv")
    assert done.returncode == 0, done.stderr
    rows = {row["field"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["route-tag"]["type"] == "integer" and rows["route-tag"]["versions"] == "7.4.0 and later"
    assert "route-tag (7.4.0 and later)" in rows["type"]["options"]
    assert rows["macaddr.macaddr"]["type"] == "string"  # a child table's fields, dotted
    assert rows["fsso-group.name"]["references"] == "user.adgrp.name"
    on_728 = json.loads(hfortix("fields", "cmdb/firewall/address", "--firmware", "7.2.8").stdout)
    fields = {row["field"]: row for row in on_728}
    assert "route-tag" not in fields and "route-tag" not in fields["type"]["options"]
    table = hfortix("fields", "cmdb/system/interface", "-o", "table")
    assert any(line.split()[:3] == ["vlanid", "integer", "1-4094"] for line in table.stdout.splitlines())


def test_fields_of_a_monitor_endpoint_and_mistakes(hfortix_here: Run) -> None:
    hfortix = hfortix_here
    params = json.loads(hfortix("fields", "monitor/system/config/backup").stdout)
    assert {"field": "scope", "method": "POST", "type": "string", "required": True} in params
    gone = hfortix("fields", "cmdb/firewall/policy6", "--firmware", "7.6.5")
    assert gone.returncode == 2 and "exists in 6.0.0 to 6.2.7" in gone.stderr
    typo = hfortix("fields", "cmdb/firewal/address")
    assert typo.returncode == 2 and "did you mean cmdb/firewall/address" in typo.stderr


def test_the_data_behind_the_commands_is_plain_rows() -> None:
    endpoint = catalog.find("cmdb", "firewall", "address")
    assert endpoint is not None
    rows = field_rows(endpoint)
    assert rows[0]["field"] == "name" and set(rows[0]) == {"field", "type", "options", "range", "references",
                                                            "versions"}
    assert endpoint_rows("cmdb/firewall/address6-template") == [
        {"path": "cmdb/firewall/address6-template", "kind": "table", "key": "name",
         "methods": ["GET", "POST", "PUT", "DELETE"], "versions": "6.0.0 and later"}]
