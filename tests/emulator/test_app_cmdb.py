"""The emulator app's cmdb: CRUD over the catalog, validation, child tables, move, clone, schema."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest

from hfortix.emulator.app import EmulatorApp
from hfortix.emulator.errors import ApiError
from hfortix.emulator.profile import load_data
from hfortix.emulator.schema import Schema, cmdb_catalog

FIRMWARE = "7.6.5"
CATALOG = cmdb_catalog(FIRMWARE)
ADDRESS = "/api/v2/cmdb/firewall/address"
ADDRGRP = "/api/v2/cmdb/firewall/addrgrp"
POLICY = "/api/v2/cmdb/firewall/policy"


def tables_by_top_path() -> list[Schema]:
    """One table per top-level cmdb path (the first dotted part): a sample across the catalog."""
    chosen: dict[str, Schema] = {}
    for schema in CATALOG.schemas():
        if schema.kind == "table":
            chosen.setdefault(schema.path.split(".")[0], schema)
    return list(chosen.values())


def singletons() -> list[Schema]:
    return [schema for schema in CATALOG.schemas() if schema.kind == "singleton"]


def url(schema: Schema, key: Any = None) -> str:
    base = f"/api/v2/cmdb/{schema.path}/{schema.name}"
    return base if key is None else f"{base}/{quote(str(key), safe='')}"


def usable_key(app: EmulatorApp, schema: Schema) -> Any:
    """A key a POST can use: an existing target for keys that are references, else a fresh one."""
    spec = schema.fields[schema.mkey or ""]
    for reference in spec.references:
        target = CATALOG.schema_by_key(reference.table)
        if target is not None and target.kind == "table":
            rows = app.table(target.path, target.name)
            if rows:
                return rows[0][target.mkey or ""]
    if spec.type == "integer":
        return 7
    if spec.options:
        return spec.options[0]
    return "emu/test 1"  # a slash and a space: the URL must percent-encode both


@pytest.fixture
def app() -> EmulatorApp:
    return EmulatorApp(token="tok", vdoms=("root", "dmz"), firmware=FIRMWARE)


# -- CRUD across the catalog ---------------------------------------------------------------------


@pytest.mark.parametrize("schema", tables_by_top_path(), ids=lambda schema: schema.key)
def test_crud_round_trip_on_a_table_of_every_top_level_path(app: EmulatorApp, schema: Schema) -> None:
    key = usable_key(app, schema)
    status, created = app.call("POST", url(schema), {schema.mkey: key})
    assert status == 200, created
    assert created["mkey"] == key and created["revision_changed"] is True
    assert len(created["revision"]) == 32 and created["revision"] != created["old_revision"]

    status, item = app.call("GET", url(schema, key))
    assert status == 200
    row = item["results"][0]
    assert row[schema.mkey] == key and row["q_origin_key"] == key
    assert set(row) == set(schema.fields) | {"q_origin_key"}

    status, updated = app.call("PUT", url(schema, key), row)  # a GET row sent back is accepted
    assert status == 200 and updated["mkey"] == key and updated["revision_changed"] is False

    status, listing = app.call("GET", url(schema))
    assert key in [entry[schema.mkey] for entry in listing["results"]]

    status, deleted = app.call("DELETE", url(schema, key))
    assert status == 200 and deleted["mkey"] == key
    status, gone = app.call("GET", url(schema, key))
    assert (status, gone["error"]) == (404, -3)


@pytest.mark.parametrize("schema", singletons(), ids=lambda schema: schema.key)
def test_every_singleton_reads_as_an_object_and_takes_its_own_value_back(
    app: EmulatorApp, schema: Schema
) -> None:
    status, read = app.call("GET", url(schema))
    assert status == 200 and isinstance(read["results"], dict)
    assert set(read["results"]) >= set(schema.fields)
    status, written = app.call("PUT", url(schema), read["results"])
    assert status == 200, written
    assert written["revision_changed"] is False and "mkey" not in written
    assert app.call("GET", url(schema))[1]["results"] == read["results"]


def test_a_singleton_put_merges_and_changes_the_revision(app: EmulatorApp) -> None:
    before = app.singleton("system", "global")
    status, written = app.call("PUT", "/api/v2/cmdb/system/global", {"hostname": "edge-1"})
    assert status == 200 and written["revision_changed"] is True
    after = app.singleton("system", "global")
    assert after["hostname"] == "edge-1"
    assert {k: v for k, v in after.items() if k != "hostname"} == {
        k: v for k, v in before.items() if k != "hostname"
    }


def test_envelope_key_orders_follow_fortios(app: EmulatorApp) -> None:
    _, listing = app.call("GET", ADDRESS)
    assert list(listing) == [
        "http_method",
        "size",
        "limit_reached",
        "matched_count",
        "next_idx",
        "revision",
        "results",
        "vdom",
        "path",
        "name",
        "status",
        "http_status",
        "serial",
        "version",
        "build",
    ]
    _, created = app.call("POST", ADDRESS, {"name": "a1"})
    assert list(created) == [
        "http_method",
        "revision",
        "revision_changed",
        "old_revision",
        "mkey",
        "status",
        "http_status",
        "vdom",
        "path",
        "name",
        "serial",
        "version",
        "build",
    ]
    _, single = app.call("GET", "/api/v2/cmdb/system/global")
    assert list(single) == [
        "http_method",
        "results",
        "vdom",
        "path",
        "name",
        "status",
        "http_status",
        "serial",
        "version",
        "build",
    ]
    assert (single["version"], single["serial"]) == ("v7.6.5", "FGVM02TM00000001")
    assert isinstance(single["build"], int)
    _, missing = app.call("GET", f"{ADDRESS}/nope")
    assert list(missing) == [
        "http_method",
        "revision",
        "status",
        "http_status",
        "error",
        "vdom",
        "path",
        "name",
        "serial",
        "version",
        "build",
    ]


def test_item_get_is_a_one_element_list_and_child_rows_carry_q_origin_key(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "a1"})
    app.call("POST", ADDRGRP, {"name": "g1", "member": [{"name": "a1"}, {"name": "all"}]})
    _, item = app.call("GET", f"{ADDRGRP}/g1")
    assert len(item["results"]) == 1
    assert item["results"][0]["member"] == [
        {"name": "a1", "q_origin_key": "a1"},
        {"name": "all", "q_origin_key": "all"},
    ]


def test_revision_changes_on_every_write_and_tables_report_it(app: EmulatorApp) -> None:
    revisions = {app.revision}
    for name in ("r1", "r2", "r3"):
        _, answer = app.call("POST", ADDRESS, {"name": name})
        revisions.add(answer["revision"])
    assert len(revisions) == 4
    assert app.call("GET", ADDRESS)[1]["revision"] == app.revision


def test_a_singleton_get_carries_a_revision_only_when_the_quirk_asks(app: EmulatorApp) -> None:
    assert "revision" not in app.call("GET", "/api/v2/cmdb/system/global")[1]
    app.quirks.singleton_revision = True
    assert app.call("GET", "/api/v2/cmdb/system/global")[1]["revision"] == app.revision


# -- keys --------------------------------------------------------------------------------------


def test_mkeys_are_percent_decoded_from_the_url(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "web/server 1"})
    status, item = app.call("GET", f"{ADDRESS}/web%2Fserver%201")
    assert status == 200 and item["results"][0]["name"] == "web/server 1"
    assert app.call("DELETE", f"{ADDRESS}/web%2Fserver%201")[0] == 200
    assert app.get_object("firewall", "address", "web/server 1") is None


def test_integer_keys_are_assigned_after_the_highest_when_left_out(app: EmulatorApp) -> None:
    first = app.call("POST", POLICY, {"name": "p1"})[1]
    chosen = app.call("POST", POLICY, {"policyid": 10, "name": "p10"})[1]
    after = app.call("POST", POLICY, {"name": "p11"})[1]
    text_key = app.call("POST", POLICY, {"policyid": "20", "name": "p20"})[1]
    assert (first["mkey"], chosen["mkey"], after["mkey"], text_key["mkey"]) == (1, 10, 11, 20)
    assert [row["policyid"] for row in app.table("firewall", "policy")] == [1, 10, 11, 20]
    assert app.call("GET", f"{POLICY}/10")[1]["results"][0]["q_origin_key"] == 10


def test_a_put_naming_another_key_renames_and_references_follow(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "old"})
    app.call("POST", ADDRGRP, {"name": "g1", "member": [{"name": "old"}]})
    status, renamed = app.call("PUT", f"{ADDRESS}/old", {"name": "new"})
    assert status == 200 and renamed["mkey"] == "new"
    assert app.get_object("firewall", "address", "old") is None
    assert app.get_object("firewall", "addrgrp", "g1")["member"] == [{"name": "new", "q_origin_key": "new"}]


def test_a_rename_onto_an_existing_key_is_a_duplicate(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "one"})
    app.call("POST", ADDRESS, {"name": "two"})
    status, answer = app.call("PUT", f"{ADDRESS}/one", {"name": "two"})
    assert (status, answer["error"]) == (424, -5)


# -- canonical values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("10.0.1.0/24", "10.0.1.0 255.255.255.0"),
        ("10.0.1.5/32", "10.0.1.5 255.255.255.255"),
        ("10.0.0.5", "10.0.0.5 255.255.255.255"),
        ("10.0.0.0 255.0.0.0", "10.0.0.0 255.0.0.0"),
    ],
)
def test_subnets_come_back_in_address_mask_form(app: EmulatorApp, sent: str, stored: str) -> None:
    app.call("POST", ADDRESS, {"name": "net", "subnet": sent})
    assert app.call("GET", f"{ADDRESS}/net")[1]["results"][0]["subnet"] == stored


def test_interface_addresses_and_multi_values_are_normalised(app: EmulatorApp) -> None:
    status, _ = app.call(
        "PUT",
        "/api/v2/cmdb/system/interface/port3",
        {"ip": "192.168.7.1/24", "allowaccess": ["ping", "https"]},
    )
    assert status == 200
    port3 = app.get_object("system", "interface", "port3")
    assert (port3["ip"], port3["allowaccess"]) == ("192.168.7.1 255.255.255.0", "ping https")
    app.call("PUT", "/api/v2/cmdb/system/interface/port3", {"allowaccess": "  ssh   ping "})
    assert app.get_object("system", "interface", "port3")["allowaccess"] == "ssh ping"


def test_new_objects_get_defaults_and_a_fresh_uuid(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "d1"})
    app.call("POST", ADDRESS, {"name": "d2"})
    d1, d2 = app.get_object("firewall", "address", "d1"), app.get_object("firewall", "address", "d2")
    assert (d1["type"], d1["subnet"], d1["color"], d1["comment"]) == ("ipmask", "0.0.0.0 0.0.0.0", 0, "")
    assert d1["uuid"] != d2["uuid"] and d1["uuid"] != "00000000-0000-0000-0000-000000000000"
    assert app.call("POST", POLICY, {"name": "p"})[0] == 200
    policy = app.table("firewall", "policy")[0]
    assert (policy["action"], policy["status"], policy["srcaddr"]) == ("deny", "enable", [])


# -- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code", "cli_fragment"),
    [
        ({"name": "v", "no-such-field": 1}, -61, "command parse error before 'no-such-field'"),
        ({"name": "v", "color": "red"}, -651, "value parse error before 'red'"),
        ({"name": "v", "color": True}, -651, "value parse error"),
        ({"name": "v", "type": "bogus"}, -651, "value parse error before 'bogus'"),
        ({"name": "v", "subnet": "10.0.0.0/33"}, -651, "value parse error"),
        ({"name": "v", "interface": "port99"}, -651, "node_check_object fail! for interface port99"),
        ({"name": "v", "macaddr": "aa:bb"}, -651, "value parse error"),
    ],
)
def test_values_fortios_refuses_answer_500_with_the_cli_error(
    app: EmulatorApp, body: dict[str, Any], code: int, cli_fragment: str
) -> None:
    status, answer = app.call("POST", ADDRESS, body)
    assert (status, answer["status"], answer["http_status"], answer["error"]) == (500, "error", 500, code)
    assert cli_fragment in answer["cli_error"]
    assert answer["cli_error"].endswith(f"Command fail. Return code {code}")
    assert app.get_object("firewall", "address", "v") is None


def test_integers_outside_their_bounds_are_out_of_range(app: EmulatorApp) -> None:
    service = "/api/v2/cmdb/firewall.service/custom"
    status, answer = app.call("POST", service, {"name": "svc", "tcp-timewait-timer": 301})
    assert (status, answer["error"]) == (500, -650)
    assert "value out of range [1-300]" in answer["cli_error"]
    assert app.call("POST", service, {"name": "svc", "tcp-timewait-timer": "300"})[0] == 200


@pytest.mark.parametrize(
    ("target", "body", "code", "fragment"),
    [
        (ADDRESS, {"name": "v", "subnet": "not-an-ip"}, -651, "value parse error before 'not-an-ip'"),
        (ADDRESS, {"name": "v", "subnet": "10.0.0.0 255.0.255.0"}, -651, "(field 'subnet')"),  # not a netmask
        (ADDRESS, {"name": "v", "subnet": "10.0.0.0/33"}, -651, "(field 'subnet')"),
        (ADDRESS, {"name": "v", "type": "iprange", "start-ip": "10.0.0.300"}, -651, "(field 'start-ip')"),
        (ADDRESS, {"name": "v", "color": 99999}, -650, "value out of range [0-32] for 'color'"),
        (ADDRESS, {"name": "v", "color": -1}, -650, "[0-32]"),
        (ADDRESS, {"name": "v" * 80}, -72, "at most 79 characters"),
        (ADDRESS, {"name": "v", "comment": "c" * 1_000_000}, -72, "at most 255 characters"),
        ("/api/v2/cmdb/firewall/address6", {"name": "v", "ip6": "2001:db8::zz/64"}, -651, "(field 'ip6')"),
        ("/api/v2/cmdb/router/static", {"gateway": "gw.example"}, -651, "(field 'gateway')"),
        ("/api/v2/cmdb/system/interface", {"name": "x" * 16, "vdom": "root", "interface": "port1"}, -72,
         "at most 15 characters"),
        (ADDRESS, {"name": "v", "cache-ttl": "4294967296"}, -650, "value out of range [-2147483648-4294967295]"),
    ],
)
def test_values_are_checked_by_kind(app: EmulatorApp, target: str, body: dict[str, Any], code: int,
                                    fragment: str) -> None:
    status, answer = app.call("POST", target, body)
    assert (status, answer["status"], answer["error"]) == (500, "error", code), answer
    assert fragment in answer["cli_error"] and answer["cli_error"].endswith(f"Return code {code}")


@pytest.mark.parametrize(
    ("subnet", "stored"),
    [("10.0.1.0/24", "10.0.1.0 255.255.255.0"), ("10.0.1.0 255.255.255.0", "10.0.1.0 255.255.255.0"),
     ("10.0.1.9", "10.0.1.9 255.255.255.255"), ("0.0.0.0 0.0.0.0", "0.0.0.0 0.0.0.0")],
)
def test_good_addresses_are_stored_in_fortios_form(app: EmulatorApp, subnet: str, stored: str) -> None:
    assert app.call("POST", ADDRESS, {"name": "ok", "subnet": subnet})[0] == 200
    assert app.get_object("firewall", "address", "ok")["subnet"] == stored  # type: ignore[index]


def test_an_interface_needs_its_vdom_and_a_vlan_its_parent(app: EmulatorApp) -> None:
    interfaces = "/api/v2/cmdb/system/interface"
    status, answer = app.call("POST", interfaces, {"name": "vlan10"})
    assert (status, answer["error"]) == (424, -56) and "Attribute 'vdom' MUST be set." in answer["cli_error"]
    status, answer = app.call("POST", interfaces, {"name": "vlan10", "vdom": "root", "type": "vlan"})
    assert (status, answer["error"]) == (424, -56) and "Attribute 'interface' MUST be set." in answer["cli_error"]
    vlan = {"name": "vlan10", "vdom": "root", "type": "vlan", "interface": "port1", "vlanid": 10}
    assert app.call("POST", interfaces, vlan)[0] == 200
    assert app.call("POST", interfaces, {"name": "lo1", "vdom": "root", "type": "loopback"})[0] == 200
    status, answer = app.call("PUT", f"{interfaces}/lo1", {"type": "vlan"})  # a VLAN now: it needs a parent
    assert (status, answer["error"]) == (424, -56)
    with pytest.raises(ApiError):
        app.add_object("system", "interface", {"name": "vlan11"})


def test_every_token_of_a_multi_value_option_is_checked(app: EmulatorApp) -> None:
    status, answer = app.call("PUT", "/api/v2/cmdb/system/interface/port1", {"allowaccess": "ping bogus"})
    assert (status, answer["error"]) == (500, -651) and "bogus" in answer["cli_error"]


def test_a_reference_to_a_missing_object_is_refused(app: EmulatorApp) -> None:
    status, answer = app.call("POST", ADDRGRP, {"name": "g", "member": [{"name": "missing"}]})
    assert (status, answer["error"]) == (500, -651)
    assert "node_check_object fail! for member.name missing" in answer["cli_error"]
    policy = {"srcintf": [{"name": "any"}], "dstintf": [{"name": "port2"}], "schedule": "nope"}
    status, answer = app.call("POST", POLICY, policy)
    assert status == 500 and "schedule nope" in answer["cli_error"]  # "any" itself is a valid interface


def test_references_can_be_switched_off(app: EmulatorApp) -> None:
    app.quirks.check_references = False
    assert app.call("POST", ADDRGRP, {"name": "g", "member": [{"name": "missing"}]})[0] == 200


def test_post_without_the_key_is_a_missing_attribute(app: EmulatorApp) -> None:
    status, answer = app.call("POST", ADDRESS, {"subnet": "10.0.0.0/8"})
    assert (status, answer["error"]) == (424, -56)
    assert answer["cli_error"] == "Attribute 'name' MUST be set.\nCommand fail. Return code -56"


def test_post_of_an_existing_key_is_a_duplicate(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "dup"})
    status, answer = app.call("POST", ADDRESS, {"name": "dup"})
    assert (status, answer["http_status"], answer["error"]) == (424, 424, -5)
    app.quirks.duplicate_status = 500
    assert app.call("POST", ADDRESS, {"name": "dup"})[0] == 500


def test_post_to_the_url_of_a_key(app: EmulatorApp) -> None:
    assert app.call("POST", f"{ADDRESS}/not-there", {"name": "not-there"})[1]["error"] == -3
    app.call("POST", ADDRESS, {"name": "there"})
    assert app.call("POST", f"{ADDRESS}/there", {})[1]["error"] == -5


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
def test_a_missing_key_is_404_error_minus_3(app: EmulatorApp, method: str) -> None:
    status, answer = app.call(method, f"{ADDRESS}/nope", {} if method == "PUT" else None)
    assert (status, answer["http_status"], answer["error"]) == (404, 404, -3)


def test_a_referenced_object_cannot_be_deleted(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "used"})
    app.call(
        "POST",
        POLICY,
        {
            "srcintf": [{"name": "port1"}],
            "dstintf": [{"name": "port2"}],
            "srcaddr": [{"name": "used"}],
            "dstaddr": [{"name": "all"}],
        },
    )
    status, answer = app.call("DELETE", f"{ADDRESS}/used")
    assert (status, answer["error"], answer["mkey"]) == (500, -23, "used")
    app.call("DELETE", f"{POLICY}/1")
    assert app.call("DELETE", f"{ADDRESS}/used")[0] == 200


def test_factory_objects_in_use_are_protected_too(app: EmulatorApp) -> None:
    assert (
        app.call("DELETE", "/api/v2/cmdb/firewall.service/custom/HTTPS")[1]["error"] == -23
    )  # in "Web Access"
    assert app.call("DELETE", "/api/v2/cmdb/system/vdom/root")[1]["error"] == -23  # interfaces live there


def test_methods_an_endpoint_lacks_answer_405(app: EmulatorApp) -> None:
    status, answer = app.call("POST", "/api/v2/cmdb/system/global", {"hostname": "x"})
    assert (status, answer["http_status"], answer["status"]) == (405, 405, "error")
    assert app.call("DELETE", "/api/v2/cmdb/system/global")[0] == 405
    assert app.call("DELETE", ADDRESS)[0] == 405
    assert app.call("POST", "/api/v2/cmdb/system/status", {})[0] == 405


def test_body_that_is_not_a_json_object_is_a_bad_request(app: EmulatorApp) -> None:
    assert app.call("POST", ADDRESS, b"{not json")[0] == 400
    assert app.call("POST", ADDRESS, ["name"])[0] == 400


def test_readonly_endpoints_answer_get(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/cmdb/system/status")
    assert status == 200 and answer["results"] == []


def test_unknown_endpoints_are_404(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/cmdb/firewall/no-such-table")
    assert (status, answer["status"], answer["path"], answer["name"]) == (
        404,
        "error",
        "firewall",
        "no-such-table",
    )
    assert app.call("GET", "/api/v2/nothing/here")[0] == 404
    assert app.call("GET", "/not/api")[0] == 404


# -- firmware ------------------------------------------------------------------------------------


def test_endpoints_outside_the_firmware_are_404() -> None:
    old = EmulatorApp(token="tok", firmware="6.4.0")
    assert old.call("GET", "/api/v2/cmdb/antivirus/exempt-list")[0] == 404  # 7.2.4 and later
    assert EmulatorApp(token="tok").call("GET", "/api/v2/cmdb/antivirus/exempt-list")[0] == 200
    sdwan_6_2 = EmulatorApp(token="tok", firmware="6.2.3")
    assert sdwan_6_2.call("GET", "/api/v2/cmdb/system/virtual-wan-link")[0] == 200  # 6.0.0 to 6.2.7
    assert old.call("GET", "/api/v2/cmdb/system/virtual-wan-link")[0] == 404


def test_fields_and_options_outside_the_firmware_are_refused() -> None:
    old = EmulatorApp(token="tok", firmware="6.2.3")
    status, answer = old.call("POST", ADDRESS, {"name": "x", "fabric-object": "enable"})  # 6.4.4 and later
    assert (status, answer["error"]) == (500, -61)
    status, answer = EmulatorApp(token="tok", firmware="7.2.0").call(
        "POST", ADDRESS, {"name": "x", "type": "route-tag"}
    )
    assert (status, answer["error"]) == (500, -651)  # the option exists from 7.4.0
    assert (
        EmulatorApp(token="tok", firmware="7.4.0").call("POST", ADDRESS, {"name": "x", "type": "route-tag"})[
            0
        ]
        == 200
    )


# -- child tables ----------------------------------------------------------------------------------


def test_child_table_entries_can_be_added_read_renamed_and_removed(app: EmulatorApp) -> None:
    for name in ("a1", "a2", "a3"):
        app.call("POST", ADDRESS, {"name": name})
    app.call("POST", ADDRGRP, {"name": "g1", "member": [{"name": "a1"}]})
    status, added = app.call("POST", f"{ADDRGRP}/g1/member", {"name": "a2"})
    assert status == 200 and added["mkey"] == "a2"
    assert [m["name"] for m in app.call("GET", f"{ADDRGRP}/g1/member")[1]["results"]] == ["a1", "a2"]
    assert app.call("GET", f"{ADDRGRP}/g1/member/a2")[1]["results"] == [{"name": "a2", "q_origin_key": "a2"}]
    status, renamed = app.call("PUT", f"{ADDRGRP}/g1/member/a2", {"name": "a3"})
    assert status == 200 and renamed["mkey"] == "a3"
    status, removed = app.call("DELETE", f"{ADDRGRP}/g1/member/a1")
    assert status == 200 and removed["mkey"] == "a1"
    assert app.get_object("firewall", "addrgrp", "g1")["member"] == [{"name": "a3", "q_origin_key": "a3"}]


def test_child_table_errors(app: EmulatorApp) -> None:
    app.call("POST", ADDRGRP, {"name": "g1", "member": [{"name": "all"}]})
    assert app.call("POST", f"{ADDRGRP}/g1/member", {"name": "all"})[1]["error"] == -5
    assert app.call("POST", f"{ADDRGRP}/g1/member", {"name": "ghost"})[1]["error"] == -651
    assert app.call("GET", f"{ADDRGRP}/g1/member/ghost")[1]["error"] == -3
    assert app.call("DELETE", f"{ADDRGRP}/g1/member/ghost")[1]["error"] == -3
    assert app.call("POST", f"{ADDRGRP}/nogroup/member", {"name": "all"})[1]["error"] == -3
    assert app.call("GET", f"{ADDRGRP}/g1/no-such-child")[0] == 404
    assert app.call("PUT", f"{ADDRGRP}/g1/member", {"name": "all"})[0] == 405


def test_child_tables_with_integer_keys_number_new_entries(app: EmulatorApp) -> None:
    base = "/api/v2/cmdb/router/access-list"
    app.call("POST", base, {"name": "acl"})
    first = app.call("POST", f"{base}/acl/rule", {"prefix": "10.0.0.0/8"})[1]
    second = app.call("POST", f"{base}/acl/rule", {"prefix": "172.16.0.0/12"})[1]
    assert (first["mkey"], second["mkey"]) == (1, 2)
    rules = app.get_object("router", "access-list", "acl")["rule"]
    assert [(rule["id"], rule["q_origin_key"], rule["prefix"]) for rule in rules] == [
        (1, 1, "10.0.0.0 255.0.0.0"),
        (2, 2, "172.16.0.0 255.240.0.0"),
    ]
    assert app.call("GET", f"{base}/acl/rule/2")[1]["results"][0]["id"] == 2


def test_putting_a_child_table_replaces_it(app: EmulatorApp) -> None:
    app.call("POST", ADDRGRP, {"name": "g1", "member": [{"name": "all"}]})
    app.call("POST", ADDRESS, {"name": "a1"})
    app.call("PUT", f"{ADDRGRP}/g1", {"member": ["a1"]})  # bare keys are accepted too
    assert app.get_object("firewall", "addrgrp", "g1")["member"] == [{"name": "a1", "q_origin_key": "a1"}]
    status, answer = app.call("PUT", f"{ADDRGRP}/g1", {"member": [{"name": "a1"}, {"name": "a1"}]})
    assert (status, answer["error"]) == (424, -5)


# -- move and clone --------------------------------------------------------------------------------


def policy_order(app: EmulatorApp) -> list[int]:
    return [row["policyid"] for row in app.table("firewall", "policy")]


def test_move_before_and_after(app: EmulatorApp) -> None:
    for _ in range(4):
        app.call("POST", POLICY, {})
    status, moved = app.call("PUT", f"{POLICY}/4?action=move&before=1")
    assert status == 200 and moved["mkey"] == 4 and moved["revision_changed"] is True
    assert policy_order(app) == [4, 1, 2, 3]
    app.call("PUT", f"{POLICY}/4?action=move&after=2")
    assert policy_order(app) == [1, 2, 4, 3]
    assert [r["policyid"] for r in app.call("GET", POLICY)[1]["results"]] == [1, 2, 4, 3]
    assert app.call("PUT", f"{POLICY}/4?action=move&after=9")[1]["error"] == -3
    assert app.call("PUT", f"{POLICY}/9?action=move&after=1")[1]["error"] == -3
    assert app.call("PUT", f"{POLICY}/4?action=move")[0] == 400
    assert app.call("PUT", f"{POLICY}/4?action=move&before=1&after=2")[0] == 400


def test_clone_copies_under_the_new_key(app: EmulatorApp) -> None:
    app.call("POST", ADDRESS, {"name": "src", "subnet": "10.9.0.0/16", "comment": "original"})
    status, cloned = app.call("POST", f"{ADDRESS}/src?action=clone&nkey=copy")
    assert status == 200 and cloned["mkey"] == "copy"
    source, copy = app.get_object("firewall", "address", "src"), app.get_object("firewall", "address", "copy")
    assert (copy["subnet"], copy["comment"], copy["q_origin_key"]) == (
        "10.9.0.0 255.255.0.0",
        "original",
        "copy",
    )
    assert copy["uuid"] != source["uuid"]
    assert app.call("POST", f"{ADDRESS}/src?action=clone&nkey=copy")[1]["error"] == -5
    assert app.call("POST", f"{ADDRESS}/ghost?action=clone&nkey=x")[1]["error"] == -3
    assert app.call("POST", f"{ADDRESS}/src?action=clone")[0] == 400


def test_an_unknown_action_is_refused(app: EmulatorApp) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?action=explode")
    assert (status, answer["error"]) == (400, -10000)
    assert app.call("POST", f"{ADDRESS}?action=move", {"name": "x"})[0] == 400


# -- schema and default --------------------------------------------------------------------------------


def test_action_schema_describes_the_table_like_fortios(app: EmulatorApp) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?action=schema")
    schema = answer["results"]
    assert status == 200 and answer["action"] == "schema"
    assert (schema["name"], schema["category"], schema["mkey"], schema["mkey_type"]) == (
        "address",
        "table",
        "name",
        "string",
    )
    kind = schema["children"]["type"]
    assert (
        kind["category"] == "unitary" and kind["type"] == "option" and {"name": "ipmask"} in kind["options"]
    )
    assert kind["default"] == "ipmask"
    assert schema["children"]["color"]["type"] == "integer"
    timer = app.call("GET", "/api/v2/cmdb/firewall.service/custom?action=schema")[1]["results"]["children"]
    assert (timer["tcp-timewait-timer"]["min-value"], timer["tcp-timewait-timer"]["max-value"]) == (1, 300)
    assert schema["children"]["interface"]["datasource"] == ["system.interface.name"]
    assert schema["children"]["macaddr"]["category"] == "table"
    assert schema["children"]["name"]["required"] is True


def test_action_schema_of_a_singleton_and_of_the_whole_tree(app: EmulatorApp) -> None:
    assert app.call("GET", "/api/v2/cmdb/system/global?action=schema")[1]["results"]["category"] == "complex"
    status, tree = app.call("GET", "/api/v2/cmdb?action=schema")
    assert status == 200
    assert {"firewall/address", "system/global"} <= {f"{e['path']}/{e['name']}" for e in tree["results"]}
    assert len(tree["results"]) == len(CATALOG.schemas())


def test_action_default_is_a_new_object(app: EmulatorApp) -> None:
    status, answer = app.call("GET", f"{ADDRESS}?action=default")
    assert status == 200 and answer["action"] == "default"
    default = answer["results"]
    assert (default["name"], default["type"], default["subnet"]) == ("", "ipmask", "0.0.0.0 0.0.0.0")
    assert isinstance(app.call("GET", "/api/v2/cmdb/system/global?action=default")[1]["results"], dict)


# -- VDOMs ------------------------------------------------------------------------------------------


def test_vdom_tables_are_separate_and_global_ones_shared(app: EmulatorApp) -> None:
    app.call("POST", f"{ADDRESS}?vdom=dmz", {"name": "only-dmz"})
    assert app.get_object("firewall", "address", "only-dmz", vdom="dmz") is not None
    assert app.get_object("firewall", "address", "only-dmz", vdom="root") is None
    assert app.call("GET", f"{ADDRESS}/only-dmz?vdom=root")[0] == 404
    app.call("PUT", "/api/v2/cmdb/system/interface/port4?vdom=dmz", {"alias": "shared"})
    assert app.get_object("system", "interface", "port4", vdom="root")["alias"] == "shared"
    answer = app.call("GET", "/api/v2/cmdb/system/interface/port4?vdom=root")[1]
    assert answer["results"][0]["alias"] == "shared" and answer["vdom"] == "root"


def test_a_vdom_created_over_the_api_can_be_used_and_deleted(app: EmulatorApp) -> None:
    assert app.call("POST", "/api/v2/cmdb/system/vdom", {"name": "lab"})[0] == 200
    assert "lab" in app.vdoms
    status, answer = app.call("GET", f"{ADDRESS}?vdom=lab")
    factory = [row["name"] for row in app.table("firewall", "address")]
    assert status == 200 and [row["name"] for row in answer["results"]] == factory  # a new VDOM's defaults
    app.call("POST", f"{ADDRESS}?vdom=lab", {"name": "lab-net"})
    assert app.call("DELETE", "/api/v2/cmdb/system/vdom/lab")[0] == 200
    assert "lab" not in app.vdoms and app.call("GET", f"{ADDRESS}?vdom=lab")[0] == 403
    assert app.call("POST", "/api/v2/cmdb/system/vdom", {"name": "global"})[0] == 500


def test_add_object_is_a_checked_shortcut(app: EmulatorApp) -> None:
    row = app.add_object("firewall", "address", {"name": "fast", "subnet": "10.1.0.0/16"})
    assert row["subnet"] == "10.1.0.0 255.255.0.0" and row["q_origin_key"] == "fast"
    assert app.add_object("firewall", "policy", {"name": "p"})["policyid"] == 1
    with pytest.raises(Exception, match="already exists"):
        app.add_object("firewall", "address", {"name": "fast"})
    with pytest.raises(KeyError):
        app.table("firewall", "no-such-table")


def test_the_factory_configuration_is_valid_as_written() -> None:
    """Factory data is applied leniently (one file serves every release): on the newest release
    nothing in it may be silently dropped for a bad value."""
    app = EmulatorApp(token="tok")
    names = {"{hostname}": "FGT", "{mgmt_vdom}": "root"}
    for key, objects in load_data("factory.json")["objects"]:
        schema = app.device.catalog.schema_by_key(key)
        assert schema is not None, key
        for body in objects if isinstance(objects, list) else [objects]:
            text = json.dumps(body)
            for placeholder, value in names.items():
                text = text.replace(placeholder, value)
            app.device.new_row(schema, json.loads(text))  # strict: raises on any refused value


def test_a_fresh_box_has_the_default_objects_of_a_real_one(app: EmulatorApp) -> None:
    addresses = {row["name"]: row for row in app.table("firewall", "address")}
    assert len(addresses) >= 11 and {"all", "none", "FABRIC_DEVICE", "SSLVPN_TUNNEL_ADDR1"} <= set(addresses)
    google = addresses["wildcard.google.com"]
    assert (google["type"], google["fqdn"]) == ("fqdn", "*.google.com")
    groups = {row["name"]: [member["name"] for member in row["member"]] for row in app.table("firewall", "addrgrp")}
    assert groups["G Suite"] == ["gmail.com", "wildcard.google.com"]
    services = {row["name"]: row for row in app.table("firewall.service", "custom")}
    assert len(services) >= 40 and services["IMAPS"]["tcp-portrange"] == "993"
    assert (services["GRE"]["protocol"], services["GRE"]["protocol-number"]) == ("IP", 47)
