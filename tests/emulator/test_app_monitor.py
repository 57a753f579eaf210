"""The emulator app's monitor and log APIs: every endpoint, and answers that follow cmdb state."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from hfortix.core import catalog
from hfortix.core.catalog import Endpoint
from hfortix.emulator.app import EmulatorApp

MONITOR_KEYS = [
    "http_method",
    "results",
    "vdom",
    "path",
    "name",
    "action",
    "status",
    "serial",
    "version",
    "build",
]
LOG_KEYS = [
    "http_method",
    "results",
    "vdom",
    "path",
    "name",
    "action",
    "session_id",
    "completed",
    "total_lines",
    "start",
    "rows",
    "subcategory",
    "status",
    "serial",
    "version",
    "build",
]
POLICY = "/api/v2/cmdb/firewall/policy"


# Answered with a file, not an envelope (tests/emulator/test_backup.py covers it).
FILE_ANSWERS = {"monitor/system/config/backup"}


def endpoints(api: str) -> list[tuple[Endpoint, str]]:
    return [
        (endpoint, method)
        for endpoint in catalog.endpoints()
        if endpoint.api == api and endpoint.key not in FILE_ANSWERS
        for method in endpoint.methods
    ]


def example_params(endpoint: Endpoint, method: str) -> dict[str, Any]:
    """A value for every required parameter, of its declared type."""
    declared = catalog.details(endpoint).get("params", {}).get(method, {})
    examples = {"int": 1, "double": 1.0, "boolean": True, "array": ["1"], "object": {}}
    return {
        name: examples.get(spec.get("type"), "x") for name, spec in declared.items() if spec.get("required")
    }


def target(endpoint: Endpoint, method: str) -> str:
    action = endpoint.action
    if action and action.startswith(":"):  # a placeholder, such as :session_id
        action = "4242"
    url = f"/api/v2/{endpoint.api}/{endpoint.path}/{endpoint.name}" + (f"/{action}" if action else "")
    params = example_params(endpoint, method)
    if method == "GET" and params:
        url += "?" + urlencode({k: ",".join(v) if isinstance(v, list) else str(v).lower() if isinstance(v, bool) else v
                                for k, v in params.items()})  # FortiOS reads a boolean as true/false
    return url


@pytest.fixture(scope="module")
def shared() -> EmulatorApp:
    """One app for the read-only sweeps (POSTs to monitor endpoints change no configuration)."""
    return EmulatorApp(token="tok")


@pytest.fixture
def app() -> EmulatorApp:
    return EmulatorApp(token="tok", vdoms=("root", "dmz"))


# -- every endpoint --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "method"), endpoints("monitor"), ids=lambda item: str(getattr(item, "key", item))
)
def test_every_monitor_endpoint_answers_its_methods_with_an_envelope(
    shared: EmulatorApp, endpoint: Endpoint, method: str
) -> None:
    body = example_params(endpoint, method) if method == "POST" else None
    status, answer = shared.call(method, target(endpoint, method), body)
    assert status == 200, answer
    assert list(answer) == MONITOR_KEYS
    assert (answer["http_method"], answer["status"], answer["vdom"]) == (method, "success", "root")
    assert (answer["path"], answer["name"], answer["action"]) == (
        endpoint.path,
        endpoint.name,
        endpoint.action or "",
    )
    assert isinstance(answer["results"], (list, dict, int, str, bool, float))


@pytest.mark.parametrize(
    ("endpoint", "method"), endpoints("log"), ids=lambda item: str(getattr(item, "key", item))
)
def test_every_log_endpoint_answers_with_a_log_envelope(
    shared: EmulatorApp, endpoint: Endpoint, method: str
) -> None:
    status, answer = shared.call(method, target(endpoint, method))
    assert status == 200, answer
    if endpoint.action in ("archive", "archive-download"):
        assert list(answer) == MONITOR_KEYS
        return
    assert list(answer) == LOG_KEYS
    assert answer["total_lines"] >= answer["rows"] == len(answer["results"]) or endpoint.action == "raw"


def test_monitor_answers_of_6x_leave_out_an_action_the_url_does_not_have() -> None:
    old = EmulatorApp(token="tok", firmware="6.2.4")
    assert "action" not in old.call("GET", "/api/v2/monitor/system/status")[1]
    assert old.call("GET", "/api/v2/monitor/license/status/select")[1]["action"] == "select"


def test_select_is_the_implicit_action(app: EmulatorApp) -> None:
    plain = app.call("GET", "/api/v2/monitor/firewall/policy")[1]
    explicit = app.call("GET", "/api/v2/monitor/firewall/policy/select")[1]
    assert (plain["action"], explicit["action"]) == ("", "select")
    assert plain["results"] == explicit["results"]


def test_monitor_errors(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/monitor/system/no-such-thing")
    assert (status, answer["status"], answer["http_status"]) == (404, "error", 404)
    assert app.call("GET", "/api/v2/monitor/system")[0] == 404
    assert app.call("GET", "/api/v2/monitor/firewall/policy/select/extra/segments")[0] == 404
    status, answer = app.call("GET", "/api/v2/monitor/firewall/policy/reset")
    assert (status, answer["action"]) == (405, "reset")
    status, answer = app.call("GET", "/api/v2/monitor/system/interface/dhcp-status")  # needs mkey
    assert (status, answer["http_status"]) == (424, 424)
    assert app.call("GET", "/api/v2/log/disk/traffic/nonsense")[0] == 404
    assert app.call("GET", "/api/v2/log/tape/traffic")[0] == 404
    assert app.call("GET", "/api/v2/log/disk/traffic/forward?rows=x")[0] == 400


def test_monitor_schema_lists_the_directory(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/monitor/?action=schema")
    assert status == 200 and answer["version"] == "v7.6.5"
    entries = {
        (entry["path"], entry["name"], entry["action"], entry["request"]["http_method"])
        for entry in answer["directory"]
    }
    assert ("system", "status", "select", "GET") in entries and (
        "firewall",
        "policy",
        "reset",
        "POST",
    ) in entries


@pytest.mark.parametrize("target", ["/api/v2/monitor", "/api/v2/monitor/"])
def test_the_monitor_root_is_its_directory(app: EmulatorApp, target: str) -> None:
    status, answer = app.call("GET", target)
    assert status == 200 and answer["directory"] == app.call("GET", "/api/v2/monitor/?action=schema")[1]["directory"]


def test_the_log_root_is_its_directory(app: EmulatorApp) -> None:
    status, answer = app.call("GET", "/api/v2/log")
    assert status == 200 and answer["serial"] == app.serial
    entries = {(entry["path"], entry["name"], entry["action"]) for entry in answer["directory"]}
    assert ("disk", "traffic", "forward") in entries and ("memory", "event", "system") in entries
    assert all(entry["request"]["http_method"] == "GET" for entry in answer["directory"])
    assert app.call("GET", "/api/v2/log", headers=[("Authorization", "Bearer wrong")])[0] == 401


def test_a_vm_licence_has_a_vm_section(app: EmulatorApp) -> None:
    results = app.call("GET", "/api/v2/monitor/license/status")[1]["results"]
    assert results["vm"]["status"] == "licensed" and results["vm"]["valid"] is True
    assert {"type", "license_model", "expires", "cpu_max", "mem_used"} <= set(results["vm"])
    hardware = EmulatorApp(token="tok", serial="FG100FTK00000001")
    assert "vm" not in hardware.call("GET", "/api/v2/monitor/license/status")[1]["results"]


def test_monitor_answers_follow_the_vdom_array_rules(app: EmulatorApp) -> None:
    answer = app.call("GET", "/api/v2/monitor/system/status?vdom=*")[1]
    assert [envelope["vdom"] for envelope in answer] == ["root", "dmz"]
    assert app.call("GET", "/api/v2/log/memory/event/system?vdom=dmz")[1]["results"][0]["vd"] == "dmz"


# -- answers that follow the configuration -----------------------------------------------------------


def add_policies(app: EmulatorApp, count: int, vdom: str = "root") -> None:
    for _ in range(count):
        status, answer = app.call(
            "POST",
            f"{POLICY}?vdom={vdom}",
            {
                "srcintf": [{"name": "port1"}],
                "dstintf": [{"name": "port2"}],
                "srcaddr": [{"name": "all"}],
                "dstaddr": [{"name": "all"}],
                "service": [{"name": "ALL"}],
                "schedule": "always",
                "action": "accept",
            },
        )
        assert status == 200, answer


def test_policy_counters_cover_the_configured_policies(app: EmulatorApp) -> None:
    add_policies(app, 3)
    rows = app.call("GET", "/api/v2/monitor/firewall/policy/select")[1]["results"]
    assert [row["policyid"] for row in rows] == [0, 1, 2, 3]
    assert set(rows[0]) == {"policyid", "active_sessions", "bytes", "packets", "hit_count"}
    assert rows[1]["uuid"] == app.get_object("firewall", "policy", 1)["uuid"]
    assert rows[1]["uuid_type"] == "firewall.policy" and rows[1]["hit_count"] > 0
    assert app.call("GET", "/api/v2/monitor/firewall/policy/select")[1]["results"] == rows  # deterministic
    only = app.call("GET", "/api/v2/monitor/firewall/policy/select?policyid=2")[1]["results"]
    assert [row["policyid"] for row in only] == [2]
    assert app.call("GET", "/api/v2/monitor/firewall/policy/select?vdom=dmz")[1]["results"] == [rows[0]]


def test_clearing_policy_counters(app: EmulatorApp) -> None:
    add_policies(app, 2)
    assert app.call("POST", "/api/v2/monitor/firewall/policy/clear_counters", {"policy": 1})[0] == 200
    rows = {row["policyid"]: row for row in app.call("GET", "/api/v2/monitor/firewall/policy")[1]["results"]}
    assert (rows[1]["bytes"], rows[1]["packets"], "hit_count" in rows[1]) == (0, 0, False)
    app.call("POST", "/api/v2/monitor/firewall/policy/reset")
    rows = {row["policyid"]: row for row in app.call("GET", "/api/v2/monitor/firewall/policy")[1]["results"]}
    assert rows[2]["bytes"] == 0


def test_status_interfaces_and_routes_follow_cmdb(app: EmulatorApp) -> None:
    app.call("PUT", "/api/v2/cmdb/system/global", {"hostname": "branch-7"})
    assert app.call("GET", "/api/v2/monitor/system/status")[1]["results"]["hostname"] == "branch-7"
    app.call("PUT", "/api/v2/cmdb/system/interface/port3", {"ip": "172.16.3.1/24"})
    interfaces = app.call("GET", "/api/v2/monitor/system/interface")[1]["results"]
    assert set(interfaces) == {"port1", "port2", "port3", "port4"}
    assert (interfaces["port3"]["ip"], interfaces["port3"]["mask"]) == ("172.16.3.1", 24)
    one = app.call("GET", "/api/v2/monitor/system/interface?interface_name=port1")[1]["results"]
    assert list(one) == ["port1"]
    app.call(
        "POST",
        "/api/v2/cmdb/router/static",
        {"seq-num": 1, "dst": "10.20.0.0/16", "gateway": "172.16.3.254", "device": "port3"},
    )
    routes = app.call("GET", "/api/v2/monitor/router/ipv4")[1]["results"]
    assert {
        "type": "static",
        "ip_mask": "10.20.0.0/16",
        "gateway": "172.16.3.254",
        "interface": "port3",
    }.items() <= next(route for route in routes if route["type"] == "static").items()
    assert {route["ip_mask"] for route in routes if route["type"] == "connect"} >= {
        "172.16.3.0/24",
        "192.168.1.0/24",
    }
    static_only = app.call("GET", "/api/v2/monitor/router/ipv4?type=static")[1]["results"]
    assert [route["type"] for route in static_only] == ["static"]


def test_routing_protocols_vpn_and_sdwan_follow_cmdb(app: EmulatorApp) -> None:
    app.call(
        "PUT",
        "/api/v2/cmdb/router/bgp",
        {
            "as": "65001",
            "router-id": "10.0.0.254",
            "neighbor": [{"ip": "10.0.0.1", "remote-as": "65002"}],
            "network": [{"prefix": "10.1.0.0/16"}],
        },
    )
    neighbors = app.call("GET", "/api/v2/monitor/router/bgp/neighbors")[1]["results"]
    assert neighbors == [
        {
            "neighbor_ip": "10.0.0.1",
            "local_ip": "10.0.0.254",
            "remote_as": 65002,
            "admin_status": True,
            "state": "Established",
            "type": "ipv4",
        }
    ]
    paths = app.call("GET", "/api/v2/monitor/router/bgp/paths")[1]["results"]
    assert (paths[0]["nlri_prefix"], paths[0]["nlri_prefix_len"], paths[0]["learned_from"]) == (
        "10.1.0.0",
        16,
        "10.0.0.1",
    )
    app.call("PUT", "/api/v2/cmdb/router/ospf", {"router-id": "1.1.1.1", "neighbor": [{"ip": "10.9.9.9"}]})
    assert (
        app.call("GET", "/api/v2/monitor/router/ospf/neighbors")[1]["results"][0]["neighbor_ip"] == "10.9.9.9"
    )

    app.call(
        "POST",
        "/api/v2/cmdb/vpn.ipsec/phase1-interface",
        {"name": "hq", "interface": "port2", "remote-gw": "203.0.113.9"},
    )
    app.call("POST", "/api/v2/cmdb/vpn.ipsec/phase2-interface", {"name": "hq-p2", "phase1name": "hq"})
    tunnels = app.call("GET", "/api/v2/monitor/vpn/ipsec")[1]["results"]
    assert [(t["name"], t["rgwy"], [p["p2name"] for p in t["proxyid"]]) for t in tunnels] == [
        ("hq", "203.0.113.9", ["hq-p2"])
    ]

    app.call(
        "PUT",
        "/api/v2/cmdb/system/sdwan",
        {
            "status": "enable",
            "members": [{"seq-num": 1, "interface": "port2"}, {"seq-num": 2, "interface": "port3"}],
            "health-check": [{"name": "Internet", "server": "8.8.8.8", "members": [{"seq-num": 1}]}],
        },
    )
    checks = app.call("GET", "/api/v2/monitor/virtual-wan/health-check")[1]["results"]
    assert list(checks) == ["Internet"] and list(checks["Internet"]) == ["port2"]
    assert checks["Internet"]["port2"]["status"] == "up"


def test_other_monitor_answers_follow_cmdb(app: EmulatorApp) -> None:
    app.call(
        "POST",
        "/api/v2/cmdb/firewall/ippool",
        {"name": "pool", "startip": "198.51.100.1", "endip": "198.51.100.4"},
    )
    assert app.call("GET", "/api/v2/monitor/firewall/ippool")[1]["results"]["pool"]["natip_total"] == 4
    app.call(
        "POST",
        "/api/v2/cmdb/system/link-monitor",
        {"name": "wan", "srcintf": "port2", "server": [{"address": "8.8.8.8"}]},
    )
    assert list(app.call("GET", "/api/v2/monitor/system/link-monitor")[1]["results"]["wan"]) == ["port2"]
    app.call(
        "POST", "/api/v2/cmdb/system/sdn-connector", {"name": "cloud", "type": "aws", "status": "enable"}
    )
    connector = app.call("GET", "/api/v2/monitor/system/sdn-connector/status")[1]["results"][0]
    assert (connector["name"], connector["type"], connector["status"]) == ("cloud", "aws", "Up")
    app.call("POST", "/api/v2/cmdb/wireless-controller/vap", {"name": "corp", "ssid": "Corp-WiFi"})
    clients = app.call("GET", "/api/v2/monitor/wifi/client")[1]["results"]
    assert len(clients) == 2 and {client["ssid"] for client in clients} == {"Corp-WiFi"}
    license_vdoms = app.call("GET", "/api/v2/monitor/license/status")[1]["results"]["vdom"]
    assert license_vdoms["used"] == 2
    app.call("PUT", "/api/v2/cmdb/log.fortianalyzer/setting", {"status": "enable", "server": "10.0.0.50"})
    assert app.call("GET", "/api/v2/monitor/log/fortianalyzer")[1]["results"]["registration"] == "registered"
    assert (
        app.call("GET", "/api/v2/monitor/log/device/state")[1]["results"]["fortianalyzer"]["is_enabled"]
        is True
    )


def test_ha_checksums_change_with_the_configuration(app: EmulatorApp) -> None:
    before = app.call("GET", "/api/v2/monitor/system/ha-checksums")[1]["results"][0]
    assert set(before["checksum"]) == {"global", "root", "dmz", "all"} and before["serial_no"] == app.serial
    app.call("POST", "/api/v2/cmdb/firewall/address", {"name": "change"})
    after = app.call("GET", "/api/v2/monitor/system/ha-checksums")[1]["results"][0]
    assert after["checksum"]["all"] != before["checksum"]["all"]


def test_resource_usage_honours_resource_and_interval(app: EmulatorApp) -> None:
    usage = app.call("GET", "/api/v2/monitor/system/resource/usage")[1]["results"]
    assert {"cpu", "mem", "disk", "session"} <= set(usage)
    assert set(usage["cpu"][0]["historical"]) == {"1-min", "10-min", "30-min", "1-hour", "12-hour", "24-hour"}
    one = app.call("GET", "/api/v2/monitor/system/resource/usage?resource=mem&interval=1-min")[1]["results"]
    assert list(one) == ["mem"] and list(one["mem"][0]["historical"]) == ["1-min"]
    series = one["mem"][0]["historical"]["1-min"]
    assert len(series["values"]) == 20 and series["end"] - series["start"] == 19 * 3000


def test_certificates_name_the_box(app: EmulatorApp) -> None:
    certificates = app.call("GET", "/api/v2/monitor/system/available-certificates?scope=global")[1]["results"]
    assert certificates[0]["name"] == "Fortinet_CA_SSL"
    assert certificates[0]["subject"]["CN"] == app.serial and app.serial in certificates[0]["issuer_raw"]


# -- log lines ------------------------------------------------------------------------------------------


def test_log_pages_walk_one_stable_list(app: EmulatorApp) -> None:
    add_policies(app, 2)
    whole = app.call("GET", "/api/v2/log/disk/traffic/forward?rows=50")[1]
    page = app.call("GET", "/api/v2/log/disk/traffic/forward?rows=10&start=20")[1]
    assert page["results"] == whole["results"][20:30]
    assert (page["start"], page["rows"], page["total_lines"]) == (20, 10, whole["total_lines"])
    assert page["subcategory"] == "forward"
    assert {line["policyid"] for line in whole["results"]} <= {1, 2}
    times = [line["eventtime"] for line in whole["results"]]
    assert times == sorted(times, reverse=True)  # newest first
    near_end = app.call("GET", f"/api/v2/log/disk/traffic/forward?rows=10&start={whole['total_lines'] - 3}")[
        1
    ]
    assert near_end["rows"] == 3


def test_log_lines_depend_on_the_seed_only() -> None:
    def lines(seed: int) -> list[dict[str, Any]]:
        return EmulatorApp(token="t", seed=seed).call("GET", "/api/v2/log/memory/event/system?rows=5")[1][
            "results"
        ]

    assert lines(1) == lines(1) and lines(1) != lines(2)


def test_log_types_raw_and_session_ids(app: EmulatorApp) -> None:
    event = app.call("GET", "/api/v2/log/disk/event/vpn?rows=3")[1]
    assert {line["type"] for line in event["results"]} == {"event"} and event["subcategory"] == "vpn"
    virus = app.call("GET", "/api/v2/log/disk/virus?rows=2")[1]
    assert {line["subtype"] for line in virus["results"]} == {"virus"}
    raw = app.call("GET", "/api/v2/log/disk/virus/raw?rows=2")[1]
    assert (
        isinstance(raw["results"], str) and raw["results"].count("\n") == 1 and 'type="utm"' in raw["results"]
    )
    by_session = app.call("GET", "/api/v2/log/disk/traffic/77?rows=1")[1]
    assert by_session["action"] == "77" and by_session["rows"] == 1
    assert app.call("GET", "/api/v2/log/disk/traffic/forward?session_id=5")[1]["session_id"] == 5
