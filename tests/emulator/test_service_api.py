"""The service API (`/api/v2/service/...`): in the catalog from tools/service_endpoints.json, reached
through `fgt.api.service`, and answered by the emulator (placeholder shapes: data/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hfortix import FortiOS, ResourceNotFoundError
from hfortix.core import catalog
from hfortix.emulator.app import EmulatorApp
from hfortix.transports import InMemoryTransport

ROOT = Path(__file__).resolve().parents[2]
SOURCE = json.loads((ROOT / "tools" / "service_endpoints.json").read_text())


def test_every_documented_service_endpoint_is_in_the_catalog_with_its_evidence() -> None:
    listed = {f"service/{e['path']}/{e['name']}": tuple(e["methods"]) for e in SOURCE["endpoints"]}
    assert listed == {e.key: e.methods for e in catalog.endpoints() if e.api == "service"}
    assert all(set(e["evidence"]) <= set(SOURCE["evidence"]) and e["evidence"] for e in SOURCE["endpoints"])


@pytest.mark.parametrize("endpoint", [e for e in catalog.endpoints() if e.api == "service"], ids=lambda e: e.key)
def test_every_service_endpoint_answers_its_method(endpoint: catalog.Endpoint) -> None:
    app = EmulatorApp(token="tok")
    app.call("POST", "/api/v2/service/sniffer/start", {"interface": "port1"})
    method = endpoint.methods[0]
    response = app.handle(method, f"/api/v2/service/{endpoint.path}/{endpoint.name}",
                          [("Authorization", "Bearer tok")], b'{"id": 1}' if method == "POST" else b"")
    assert response.status == 200, response.body
    if endpoint.name != "download":
        answer = json.loads(response.body)
        assert (answer["status"], answer["path"], answer["name"]) == ("success", endpoint.path, endpoint.name)
    other = "GET" if method == "POST" else "POST"
    assert app.call(other, f"/api/v2/service/{endpoint.path}/{endpoint.name}")[0] == 405


def test_the_client_reaches_the_service_api_and_captures_keep_state() -> None:
    app = EmulatorApp(token="tok")
    with FortiOS("fortigate.test", token="tok", transport=InMemoryTransport(app)) as fgt:
        sniffer = fgt.api.service.sniffer
        number = sniffer.start.post({"interface": "port1", "filter": "host 10.0.0.1", "max_packet_count": 100})["id"]
        captures = sniffer.list_.get()  # `list` and `delete` are method names: the endpoints take a "_"
        assert [(c["id"], c["interface"], c["status"]) for c in captures] == [(number, "port1", "running")]
        sniffer.stop.post({"id": number})
        assert sniffer.list_.get()[0]["status"] == "stopped"
        sniffer.delete_.post({"id": number})
        with pytest.raises(ResourceNotFoundError):
            sniffer.stop.post({"id": number})
        assert fgt.api.service.system.psirt_vulnerabilities.get() == []


def test_a_capture_downloads_as_a_pcap_file() -> None:
    app = EmulatorApp(token="tok")
    app.call("POST", "/api/v2/service/sniffer/start", {"interface": "port2"})
    response = app.handle("POST", "/api/v2/service/sniffer/download", [("Authorization", "Bearer tok")], b'{"id": 1}')
    assert response.headers == [("Content-Type", "application/vnd.tcpdump.pcap")]
    assert response.body[:4] == bytes.fromhex("d4c3b2a1") and len(response.body) == 24  # header, no packets


def test_the_service_root_is_its_directory() -> None:
    status, answer = EmulatorApp(token="tok").call("GET", "/api/v2/service")
    assert status == 200 and {entry["name"] for entry in answer["directory"]} >= {"report", "list", "start"}
