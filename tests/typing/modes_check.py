# mypy: disable-error-code="unused-coroutine"
"""Checked by mypy (tests/typing/test_typing.py), never run: the mode decides the return types.

(assert_type hands its coroutine back unused, hence the disabled code above; missing_await.py
shows that a real unused coroutine is still caught.)
"""

from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, assert_type

from hfortix import AsyncMode, Change, FortiOS, SyncMode

sync_fgt = FortiOS("127.0.0.1", token="t")
assert_type(sync_fgt, FortiOS[SyncMode])
assert_type(sync_fgt.api.cmdb.firewall.address.list(), list[dict[str, Any]])
assert_type(sync_fgt.api.cmdb.firewall.address.exists("web"), bool)
assert_type(sync_fgt.api.cmdb.firewall.address.list(vdom="*"), dict[str, list[dict[str, Any]]])
assert_type(sync_fgt.api.cmdb.firewall.address.list(vdom=["root", "dmz"]), dict[str, list[dict[str, Any]]])
assert_type(sync_fgt.api.cmdb.firewall.address.list(vdom="dmz", count=10), list[dict[str, Any]])
assert_type(sync_fgt.api.cmdb.firewall.address.create(name="web"), dict[str, Any])
assert_type(sync_fgt.api.cmdb.firewall.address.ensure(name="web", dry_run=True), Change)
assert_type(sync_fgt.api.cmdb.firewall.address.ensure_many([{"name": "web"}]), list[Change])
assert_type(sync_fgt.api.cmdb.firewall.address.iterate(page_size=10), Iterator[dict[str, Any]])
assert_type(sync_fgt.api.cmdb.firewall.addrgrp.member("grp1").list(), list[dict[str, Any]])
assert_type(sync_fgt.api.cmdb.firewall.addrgrp.member("grp1").exists("h1"), bool)
assert_type(sync_fgt.firmware, str | None)

async_fgt = FortiOS("127.0.0.1", token="t", mode="async")
assert_type(async_fgt, FortiOS[AsyncMode])
listing = async_fgt.api.cmdb.firewall.address.list()
assert_type(listing, Coroutine[Any, Any, list[dict[str, Any]]])
checking = async_fgt.api.cmdb.firewall.address.exists("web")
assert_type(checking, Coroutine[Any, Any, bool])
ensuring = async_fgt.api.cmdb.firewall.address.ensure(name="web")
assert_type(ensuring, Coroutine[Any, Any, Change])
assert_type(async_fgt.api.cmdb.firewall.address.iterate(), AsyncIterator[dict[str, Any]])
members = async_fgt.api.cmdb.firewall.addrgrp.member("grp1").list()
assert_type(members, Coroutine[Any, Any, list[dict[str, Any]]])
status = async_fgt.request("GET", "monitor/system/status")
assert_type(status, Coroutine[Any, Any, Any])


async def awaited() -> None:
    rows = await async_fgt.api.cmdb.firewall.address.list()
    assert_type(rows, list[dict[str, Any]])
    per_vdom = await async_fgt.api.cmdb.firewall.address.list(vdom="*")
    assert_type(per_vdom, dict[str, list[dict[str, Any]]])
    exists: bool = await async_fgt.api.cmdb.firewall.address.exists("web")
    assert exists in (True, False)
    change = await async_fgt.api.cmdb.firewall.address.ensure(name="web")
    assert_type(change, Change)
    async for row in async_fgt.api.cmdb.firewall.address.iterate():
        assert_type(row, dict[str, Any])


def configured(mode: str) -> None:
    fgt = FortiOS("127.0.0.1", token="t", mode=mode)  # chosen at run time: accepted, typed loosely
    assert_type(fgt, FortiOS[Any])


def backups_and_fleets() -> None:
    from hfortix import Device, DeviceResult, Fleet

    assert_type(sync_fgt.backup(), str)
    assert_type(async_fgt.backup(vdom="dmz"), Coroutine[Any, Any, str])
    devices = [Device("fw1", "192.0.2.1", token="t")]
    sync_fleet = Fleet(devices)
    assert_type(sync_fleet, Fleet[SyncMode])
    assert_type(sync_fleet.map(lambda fgt: fgt.api.cmdb.firewall.address.exists("web")), list[DeviceResult[bool]])

    async def hostname(fgt: FortiOS[AsyncMode]) -> str:
        return str((await fgt.api.monitor.system.status.get())["hostname"])

    async_fleet = Fleet.from_inventory("fleet.toml", mode="async")
    assert_type(async_fleet, Fleet[AsyncMode])
    assert_type(async_fleet.map(hostname), Coroutine[Any, Any, list[DeviceResult[str]]])
