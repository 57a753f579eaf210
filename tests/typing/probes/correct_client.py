"""Correct code around the tree: firmware, backups, fleets. mypy --strict and pyright must
report nothing (tests/typing/test_typing.py). Never run."""

from collections.abc import Coroutine
from typing import Any, assert_type

from hfortix import AsyncMode, Change, Device, DeviceResult, Fleet, FortiOS, SyncMode

sync_fgt = FortiOS("127.0.0.1", token="t", firmware="7.2.8")
async_fgt = FortiOS("127.0.0.1", token="t", mode="async", firmware=None)
assert_type(sync_fgt.firmware, str | None)
assert_type(sync_fgt.api.cmdb.firewall.address.ensure(name="web", dry_run=True), Change)
assert_type(sync_fgt.api.cmdb.firewall.address.ensure_many([{"name": "web"}], progress=True), list[Change])
ensuring: Coroutine[Any, Any, Change] = async_fgt.api.cmdb.firewall.address.ensure(name="web")
ensuring.close()


def backups_and_fleets() -> None:
    assert_type(sync_fgt.backup(), str)
    backing_up: Coroutine[Any, Any, str] = async_fgt.backup(vdom="dmz")
    backing_up.close()
    devices = [Device("fw1", "192.0.2.1", token="t")]
    sync_fleet = Fleet(devices)
    assert_type(sync_fleet, Fleet[SyncMode])
    assert_type(sync_fleet.map(lambda fgt: fgt.api.cmdb.firewall.address.exists("web")), list[DeviceResult[bool]])

    async def hostname(fgt: FortiOS[AsyncMode]) -> str:
        return (await fgt.api.monitor.system.status.get())["hostname"]

    async_fleet = Fleet.from_inventory("fleet.toml", mode="async")
    assert_type(async_fleet, Fleet[AsyncMode])
    mapping: Coroutine[Any, Any, list[DeviceResult[str]]] = async_fleet.map(hostname)
    mapping.close()
