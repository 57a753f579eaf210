"""The emulator app under concurrent callers and odd requests: it answers, never raises."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfortix.emulator.app import EmulatorApp

ADDRESS = "/api/v2/cmdb/firewall/address"
AUTH = [("Authorization", "Bearer tok")]
FACTORY = len(EmulatorApp(token="tok").table("firewall", "address"))  # a fresh box's own addresses


def test_concurrent_writers_lose_nothing() -> None:
    app = EmulatorApp(token="tok")
    statuses: list[int] = []
    lock = threading.Lock()

    def writer(worker: int) -> None:
        for index in range(50):
            body = json.dumps({"name": f"w{worker}-{index}", "subnet": f"10.{worker}.{index}.0/24"}).encode()
            status = app.handle("POST", ADDRESS, AUTH, body).status
            app.handle("GET", f"{ADDRESS}?count=5", AUTH, b"")
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=writer, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 400
    assert len(app.table("firewall", "address")) == 400 + FACTORY
    assert app.request_count == 800


def test_policies_created_concurrently_get_distinct_ids() -> None:
    app = EmulatorApp(token="tok")
    ids: list[int] = []
    lock = threading.Lock()

    def creator() -> None:
        for _ in range(25):
            answer = json.loads(app.handle("POST", "/api/v2/cmdb/firewall/policy", AUTH, b"{}").body)
            with lock:
                ids.append(answer["mkey"])

    threads = [threading.Thread(target=creator) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids) == list(range(1, 101))


@pytest.mark.parametrize(
    ("method", "target", "body"),
    [
        ("GET", "/", b""),
        ("GET", "/api/v2", b""),
        ("GET", "/api/v2/", b""),
        ("GET", "/api/v2/cmdb", b""),
        ("GET", "/api/v2/cmdb/firewall", b""),
        ("GET", "/api/v2/cmdb/firewall/address/%ZZ", b""),
        ("GET", "/api/v2/cmdb/firewall/address/%FF%FE", b""),
        ("GET", "/api/v2/cmdb/firewall/policy/not-a-number", b""),
        ("GET", "/api/v2/cmdb/firewall/address?filter=%FF", b""),
        ("GET", "/api/v2/cmdb/firewall/address?vdom=", b""),
        ("GET", "/api/v2/cmdb/firewall/address?vdom=,", b""),
        ("HEAD", "/api/v2/cmdb/firewall/address", b""),
        ("OPTIONS", "/api/v2/cmdb/firewall/address", b""),
        ("PATCH", "/api/v2/cmdb/firewall/address/all", b"{}"),
        ("POST", "/api/v2/cmdb/firewall/address", b"\xff\xfe"),
        ("POST", "/api/v2/cmdb/firewall/address", b"[]"),
        ("POST", "/api/v2/cmdb/firewall/address", b'{"name": {"nested": 1}}'),
        ("POST", "/api/v2/cmdb/firewall/address", b'{"name": null}'),
        ("POST", "/api/v2/cmdb/firewall/addrgrp", b'{"name": "g", "member": [null]}'),
        ("POST", "/api/v2/cmdb/firewall/addrgrp", b'{"name": "g", "member": {"name": "all"}}'),
        ("PUT", "/api/v2/cmdb/system/global", b'{"admintimeout": "soon"}'),
        ("PUT", "/api/v2/cmdb/system/global", b'{"hostname": ["a", "b"]}'),
        ("POST", "/api/v2/monitor/firewall/policy/clear_counters", b'"text"'),
        ("GET", "/api/v2/log/disk/traffic/forward?rows=-5", b""),
        ("POST", "/api/v2/authentication", b"not json"),
        ("POST", "/logincheck", b"\xff=\xfe"),
        ("GET", "/api/v2/cmdb/firewall/address/all/member/x/y/z", b""),
    ],
)
def test_odd_requests_get_an_http_answer(method: str, target: str, body: bytes) -> None:
    app = EmulatorApp(token="tok", username="admin", password="secret")
    response = app.handle(method, target, AUTH, body)
    assert 200 <= response.status < 600
    assert response.headers[0][0] == "Content-Type"
    if response.headers[0][1] == "application/json" and response.body:
        json.loads(response.body)


def test_a_large_table_reads_back_whole_and_in_pages() -> None:
    app = EmulatorApp(token="tok")
    for index in range(1000):
        app.add_object(
            "firewall",
            "address",
            {"name": f"bulk{index:04d}", "subnet": f"10.{index // 256}.{index % 256}.0/24"},
        )
    status, answer = app.call("GET", ADDRESS)
    assert status == 200 and answer["size"] == len(answer["results"]) == 1000 + FACTORY
    pages = [
        app.call("GET", f"{ADDRESS}?start={start}&count=250")[1]["results"] for start in range(0, 1000 + FACTORY, 250)
    ]
    assert [row["name"] for page in pages for row in page] == [row["name"] for row in answer["results"]]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
POLICY_FIELDS = st.sampled_from(
    [
        "policyid",
        "name",
        "srcintf",
        "srcaddr",
        "action",
        "schedule",
        "status",
        "nat",
        "comments",
        "service",
        "srcaddr-negate",
        "q_origin_key",
        "bogus",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.dictionaries(POLICY_FIELDS, JSON_VALUES, max_size=6), method=st.sampled_from(["POST", "PUT"]))
def test_any_json_body_gets_a_fortios_answer(body: dict[str, object], method: str) -> None:
    app = SHARED_APP
    target = "/api/v2/cmdb/firewall/policy" + ("/1" if method == "PUT" else "")
    response = app.handle(method, target, AUTH, json.dumps(body).encode())
    answer = json.loads(response.body)
    assert response.status in (200, 400, 404, 424, 500)
    assert answer["status"] == ("success" if response.status == 200 else "error")
    if response.status == 500:
        assert answer["error"] in (-5, -61, -650, -651)
        assert answer["cli_error"].endswith(f"Command fail. Return code {answer['error']}")


SHARED_APP = EmulatorApp(token="tok")
SHARED_APP.add_object("firewall", "policy", {"policyid": 1})
