"""Checked by mypy (tests/typing/test_typing.py), never run: the mode decides the return types."""

from collections.abc import Coroutine
from typing import Any, assert_type

from hfortix import AsyncMode, FortiOS, SyncMode

sync_fgt = FortiOS("127.0.0.1", token="t")
assert_type(sync_fgt, FortiOS[SyncMode])
assert_type(sync_fgt.api.cmdb.firewall.address.list(), list[dict[str, Any]])
assert_type(sync_fgt.api.cmdb.firewall.address.exists("web"), bool)
assert_type(sync_fgt.api.cmdb.firewall.address.create(name="web"), dict[str, Any])

async_fgt = FortiOS("127.0.0.1", token="t", mode="async")
assert_type(async_fgt, FortiOS[AsyncMode])
assert_type(async_fgt.api.cmdb.firewall.address.list(), Coroutine[Any, Any, list[dict[str, Any]]])
assert_type(async_fgt.api.cmdb.firewall.address.exists("web"), Coroutine[Any, Any, bool])
assert_type(async_fgt.request("GET", "monitor/system/status"), Coroutine[Any, Any, Any])


async def awaited() -> None:
    rows = await async_fgt.api.cmdb.firewall.address.list()
    assert_type(rows, list[dict[str, Any]])
    exists: bool = await async_fgt.api.cmdb.firewall.address.exists("web")
    assert exists in (True, False)
