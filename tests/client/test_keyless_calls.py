"""A call that needs an object's key never reaches the table's own URL without one.

FortiOS answers `DELETE /api/v2/cmdb/firewall/address` by deleting every object of the table
it can; a PUT or POST there acts on the table. So a missing, empty or blank key, or one of the
wrong type, is refused before anything is sent, in sync and async mode. A recording transport
proves that nothing went out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from recording import AsyncRecorder, Recorder

from hfortix import ConfigurationError, FortiOS
from hfortix.core.urls import is_cmdb_collection

BAD_KEYS = [None, "", " ", "\t\n", True, 1.5, [], ["x"], {"name": "x"}, b"x", -1]

# Every tree method that takes an object's key, with that key put where the method takes it.
CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "get": lambda table, key: table.get(key),
    "exists": lambda table, key: table.exists(key),
    "delete": lambda table, key: table.delete(key),
    "update(key)": lambda table, key: table.update(key, {"comment": "c"}),
    "update(name=)": lambda table, key: table.update(name=key, comment="c"),
    "update(data=)": lambda table, key: table.update(None, {"name": key, "comment": "c"}),
    "set(name=)": lambda table, key: table.set(name=key, subnet="10.0.0.1/32"),
    "move": lambda table, key: table.move(key, before="other"),
    "clone": lambda table, key: table.clone(key, "copy"),
    "clone(new_key)": lambda table, key: table.clone("orig", key),
}


def _sync_client(recorder: Recorder) -> FortiOS[Any]:
    return FortiOS("fgt.test", token="t", transport=recorder)


@pytest.mark.parametrize("key", BAD_KEYS, ids=repr)
@pytest.mark.parametrize("call", list(CALLS))
def test_sync_calls_without_a_usable_key_send_nothing(call: str, key: Any) -> None:
    recorder = Recorder()
    table = _sync_client(recorder).api.cmdb.firewall.address
    with pytest.raises(ConfigurationError, match=r"key|copy|needs the object"):
        CALLS[call](table, key)
    assert recorder.sent == []


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.parametrize("key", [None, "", " "], ids=repr)
@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.anyio
async def test_async_calls_without_a_usable_key_send_nothing(call: str, key: Any, anyio_backend: str) -> None:
    recorder = AsyncRecorder()
    async with FortiOS("fgt.test", token="t", transport=recorder, mode="async") as fgt:
        with pytest.raises(ConfigurationError):
            CALLS[call](fgt.api.cmdb.firewall.address, key)  # refused at the call, before any await
    assert recorder.sent == []


# Child tables: the parent object's key (member(key)) and the row's key (get/exists/delete).
CHILD_CALLS: dict[str, Callable[[Any, Any], Any]] = {
    "member(key)": lambda groups, key: groups.member(key),
    "member(key).list": lambda groups, key: groups.member(key).list(),
    "member().get": lambda groups, key: groups.member("grp1").get(key),
    "member().exists": lambda groups, key: groups.member("grp1").exists(key),
    "member().delete": lambda groups, key: groups.member("grp1").delete(key),
}


@pytest.mark.parametrize("key", BAD_KEYS, ids=repr)
@pytest.mark.parametrize("call", list(CHILD_CALLS))
def test_child_table_calls_without_a_usable_key_send_nothing(call: str, key: Any) -> None:
    recorder = Recorder()
    groups = _sync_client(recorder).api.cmdb.firewall.addrgrp
    with pytest.raises(ConfigurationError, match="key"):
        CHILD_CALLS[call](groups, key)
    assert recorder.sent == []


@pytest.mark.parametrize("anyio_backend", ["asyncio", "trio"])
@pytest.mark.parametrize("key", [None, "", " "], ids=repr)
@pytest.mark.parametrize("call", list(CHILD_CALLS))
@pytest.mark.anyio
async def test_async_child_table_calls_without_a_usable_key_send_nothing(call: str, key: Any,
                                                                         anyio_backend: str) -> None:
    recorder = AsyncRecorder()
    async with FortiOS("fgt.test", token="t", transport=recorder, mode="async") as fgt:
        with pytest.raises(ConfigurationError):
            CHILD_CALLS[call](fgt.api.cmdb.firewall.addrgrp, key)
    assert recorder.sent == []


def test_a_child_row_under_a_child_table_checks_every_key() -> None:
    recorder = Recorder()
    proxy = _sync_client(recorder).api.cmdb.firewall.access_proxy
    with pytest.raises(ConfigurationError, match="key"):
        proxy.api_gateway("p1").realservers(None)
    rows = proxy.api_gateway("p1").realservers(3)
    rows.delete(7)
    assert [r.url for r in recorder.sent] == [
        "https://fgt.test/api/v2/cmdb/firewall/access-proxy/p1/api-gateway/3/realservers/7"]


def test_a_policy_id_of_zero_is_a_key() -> None:
    recorder = Recorder()
    _sync_client(recorder).api.cmdb.firewall.policy.delete(0)
    assert [(r.method, r.url) for r in recorder.sent] == [("DELETE", "https://fgt.test/api/v2/cmdb/firewall/policy/0")]


@pytest.mark.parametrize("path", [
    "cmdb/firewall/address", "/api/v2/cmdb/firewall/address", "cmdb/firewall/address/",
    "cmdb/vpn.ipsec/phase1-interface", "cmdb/firewall/address/%20",
    "cmdb/firewall/addrgrp/grp1/member", "cmdb/firewall/addrgrp/grp1/member/",
    "cmdb/firewall/addrgrp/%20/member/h1", "cmdb",
])
def test_raw_delete_of_a_whole_table_is_refused_unless_meant(path: str) -> None:
    recorder = Recorder()
    fgt = _sync_client(recorder)
    with pytest.raises(ConfigurationError, match="whole table"):
        fgt.request("DELETE", path)
    assert recorder.sent == []
    fgt.request("DELETE", path, allow_bulk_delete=True)
    assert [r.method for r in recorder.sent] == ["DELETE"]


@pytest.mark.parametrize("path", [
    "cmdb/firewall/address/web", "cmdb/firewall/addrgrp/grp1/member/h1", "cmdb/firewall/policy/0",
])
def test_raw_delete_of_one_object_goes_out(path: str) -> None:
    recorder = Recorder()
    _sync_client(recorder).request("DELETE", path)
    assert len(recorder.sent) == 1 and recorder.sent[0].url.endswith(path)


@pytest.mark.parametrize(("path", "collection"), [
    ("/api/v2/cmdb/firewall/address", True),
    ("/api/v2/cmdb/firewall/address/", True),
    ("/api/v2/cmdb/firewall/address/a%2Fb", False),
    ("/api/v2/cmdb/firewall/address/%20%09", True),
    ("/api/v2/cmdb/firewall/addrgrp/g/member", True),
    ("/api/v2/cmdb/firewall/addrgrp/g/member/m", False),
    ("/api/v2/cmdb/", True),
    ("/api/v2/cmdb", True),
    ("/api/v2/cmdbx/firewall", False),
    ("/api/v2/monitor/system/status", False),
])
def test_is_cmdb_collection(path: str, collection: bool) -> None:
    assert is_cmdb_collection(path) is collection
