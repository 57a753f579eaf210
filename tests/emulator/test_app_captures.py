"""The app answers each captured request like the real FortiGate did (tests/fixtures/captures).

For every capture, an app running the capture's firmware, with the capture's VDOMs, configured
so that the answer has rows (a policy, a BGP neighbour...), answers the same request. Compared:
the envelope keys of every envelope, the result shape (array of envelopes or one envelope;
list or object results), for list results the keys of the first row, and for object results
that every key the capture shows is there (captures were trimmed or redacted by their authors:
status.json's results are `{}`); objects keyed by the names of configured objects (IP pools,
link monitors) are compared by the content under their first name.

Where the request in INDEX.json is not what was sent, the test repairs it, and says why:
* "api/v2/cmdb/system/ha (without syscfg read)": the parenthesis is a note, not part of the URL;
* "api/v2/system/sdn-connector/status": the exporter's comment drops the "monitor/" segment;
  the envelope (path system, name sdn-connector, action status) is the monitor endpoint's;
* wifi-client: INDEX.json marks the answer a multi-VDOM array, but the comment drops the
  `vdom=*` the exporter's probe sends.

Known differences, justified:
* firewall/policy rows: the catalog samples FortiOS versions coarsely (6.2.3, then 6.2.5), so at
  6.2.4 it lacks `label`/`global-label` that 6.2.3 had; and it lists fields that depend on
  hardware or licences a FortiGate-VM lacks (`np-acceleration`, `gtp-profile`, `mms-profile`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hfortix.emulator.app import EmulatorApp

CAPTURES = Path(__file__).parents[1] / "fixtures" / "captures"
INDEX = json.loads((CAPTURES / "INDEX.json").read_text("utf-8"))
POLICY_FIELDS_THE_CATALOG_LACKS = {"label", "global-label"}
POLICY_FIELDS_A_VM_LACKS = {"np-acceleration", "gtp-profile", "mms-profile"}


def request_of(entry: dict[str, Any]) -> str:
    request = entry["request"].split(" (", 1)[0].lstrip("/")
    if request.startswith("api/v2/system/"):
        request = request.replace("api/v2/system/", "api/v2/monitor/system/", 1)
    if entry["multi_vdom_array"] and "vdom=*" not in request:
        request += ("&" if "?" in request else "?") + "vdom=*"
    return "/" + request


def vdoms_of(capture: Any) -> list[str]:
    envelopes = capture if isinstance(capture, list) else [capture]
    names = [str(envelope["vdom"]) for envelope in envelopes]
    return names if "root" in names else ["root", *names]


def configure(app: EmulatorApp, vdom: str) -> None:
    """Objects the captured boxes had, so that list answers have rows to compare."""

    def call(method: str, path: str, body: dict[str, Any]) -> None:
        status, answer = app.call(method, f"/api/v2/cmdb/{path}?vdom={vdom}", body)
        assert status == 200, (path, answer)

    policy = {
        "srcintf": [{"name": "port1"}],
        "dstintf": [{"name": "port2"}],
        "srcaddr": [{"name": "all"}],
        "dstaddr": [{"name": "all"}],
        "service": [{"name": "ALL"}],
        "schedule": "always",
        "action": "accept",
    }
    call("POST", "firewall/policy", policy)
    if app.firmware.numbers < (6, 4, 0):  # IPv6 policies had their own table
        call("POST", "firewall/policy6", policy)
    call(
        "PUT",
        "router/bgp",
        {
            "as": "65001",
            "router-id": "10.0.0.254",
            "neighbor": [{"ip": "10.0.0.1", "remote-as": "1337"}],
            "network": [{"prefix": "10.1.0.0/16"}],
        },
    )
    call("PUT", "router/ospf", {"router-id": "10.0.0.254", "neighbor": [{"ip": "10.0.0.2", "priority": 3}]})
    call("POST", "system/sdn-connector", {"name": "cloud", "type": "aws"})
    call("POST", "firewall/ippool", {"name": "pool", "startip": "198.51.100.1", "endip": "198.51.100.1"})
    call(
        "POST",
        "system/link-monitor",
        {"name": "wan-mon", "srcintf": "port2", "server": [{"address": "8.8.8.8"}]},
    )
    sdwan = "system/sdwan" if app.firmware.numbers >= (6, 4, 0) else "system/virtual-wan-link"
    call(
        "PUT",
        sdwan,
        {
            "members": [{"seq-num": 1, "interface": "port2"}],
            "health-check": [{"name": "Internet Check", "server": "8.8.8.8"}],
        },
    )
    call("POST", "wireless-controller/vap", {"name": "example-wifi", "ssid": "example-SSID"})


def answer_for(entry: dict[str, Any], capture: Any) -> Any:
    app = EmulatorApp(token="tok", firmware=entry["version"].lstrip("v"), vdoms=vdoms_of(capture))
    for vdom in app.vdoms:
        configure(app, vdom)
    status, answer = app.call("GET", request_of(entry))
    assert status == 200, answer
    return answer


def compare_rows(entry: dict[str, Any], ours: Any, theirs: Any) -> None:
    assert type(ours) is type(theirs), (
        f"results: {type(ours).__name__} here, {type(theirs).__name__} captured"
    )
    if isinstance(theirs, dict):
        if set(theirs) <= set(ours):
            return
        # Objects keyed by their names (IP pools, link monitors): compare the first one's content.
        assert (
            all(isinstance(value, dict) for value in (*theirs.values(), *ours.values())) and ours and theirs
        ), f"keys missing: {sorted(set(theirs) - set(ours))}"
        compare_rows(entry, next(iter(ours.values())), next(iter(theirs.values())))
        return
    if not theirs or not isinstance(theirs[0], dict):
        return
    assert ours, "the captured answer has rows; ours has none"
    expected, actual = set(theirs[0]), set(ours[0])
    if entry["request"].startswith("api/v2/cmdb/firewall/policy"):
        expected -= POLICY_FIELDS_THE_CATALOG_LACKS
        actual -= POLICY_FIELDS_A_VM_LACKS
    assert actual == expected, (
        f"only here: {sorted(actual - expected)}; only captured: {sorted(expected - actual)}"
    )


@pytest.mark.parametrize("entry", INDEX, ids=lambda entry: entry["file"])
def test_the_app_answers_like_the_captured_fortigate(entry: dict[str, Any]) -> None:
    capture = json.loads((CAPTURES / entry["file"]).read_text("utf-8"))
    answer = answer_for(entry, capture)
    assert isinstance(answer, list) == entry["multi_vdom_array"] == isinstance(capture, list)
    ours = answer if isinstance(answer, list) else [answer]
    theirs = capture if isinstance(capture, list) else [capture]
    assert [envelope["vdom"] for envelope in ours][-len(theirs) :] == [
        envelope["vdom"] for envelope in theirs
    ]
    ours = ours[-len(theirs) :]  # an extra "root" VDOM the capture did not show comes first
    for our_envelope, their_envelope in zip(ours, theirs, strict=True):
        assert set(our_envelope) == set(entry["envelope_keys"]) == set(their_envelope)
        assert (our_envelope["path"], our_envelope["name"]) == (
            their_envelope["path"],
            their_envelope["name"],
        )
        assert our_envelope.get("action") == their_envelope.get("action")
        assert our_envelope["version"] == their_envelope["version"]
    compare_rows(entry, ours[0]["results"], theirs[0]["results"])


def test_every_capture_is_covered() -> None:
    files = {path.name for path in CAPTURES.glob("*.json")} - {"INDEX.json"}
    assert files == {entry["file"] for entry in INDEX}


def test_every_captured_endpoint_is_answered_in_its_captured_shape() -> None:
    """A capture wins over the schema-only shapes: each captured monitor endpoint has its own
    answer (monitor_answers.py), and data/README.md lists it, and lists every other
    hand-written answer as a placeholder."""
    from hfortix.emulator.monitor_answers import ANSWERS

    readme = (Path(__file__).parents[2] / "src" / "hfortix" / "emulator" / "data" / "README.md").read_text()
    captured = set()
    for entry in INDEX:
        path = request_of(entry).split("?")[0].replace("api/v2/system/", "api/v2/monitor/system/").strip("/")
        if path.startswith("api/v2/monitor/"):
            captured.add(path.removeprefix("api/v2/monitor/").removesuffix("/select"))
    answered = {key for key, _ in ANSWERS}
    assert captured <= answered
    assert all(f"`{key}`" in readme for key in answered)  # captured or placeholder: each one is listed
