"""Correct async-mode and mode-unknown code: mypy --strict and pyright must report nothing."""

from collections.abc import AsyncIterator, Coroutine
from typing import Any, assert_type

from hfortix import AsyncMode, FortiOS

fgt = FortiOS("127.0.0.1", token="t", mode="async")
assert_type(fgt, FortiOS[AsyncMode])
listing = fgt.api.cmdb.firewall.address.list()
assert isinstance(listing, Coroutine)
checking: Coroutine[Any, Any, bool] = fgt.api.cmdb.firewall.address.exists("web")
status: Coroutine[Any, Any, Any] = fgt.request("GET", "monitor/system/status")
for coroutine in (listing, checking, status):
    coroutine.close()


async def main() -> None:
    rows = await fgt.api.cmdb.firewall.address.list()
    print(rows[0]["name"])
    per_vdom = await fgt.api.cmdb.firewall.address.list(vdom="*")
    print(per_vdom["root"])
    exists: bool = await fgt.api.cmdb.firewall.address.exists("web")
    answer = await fgt.api.cmdb.firewall.address.create(name="web", subnet="10.0.1.10/32")
    print(exists, answer["mkey"])
    change = await fgt.api.cmdb.firewall.address.ensure(name="web")
    print(change.changed)
    rows_iterator = fgt.api.cmdb.firewall.address.iterate()
    assert isinstance(rows_iterator, AsyncIterator)
    async for row in rows_iterator:
        print(row["subnet"])
    members = fgt.api.cmdb.firewall.addrgrp.member("grp")
    await members.create(name="web")
    print((await fgt.api.monitor.system.status.get())["hostname"])
    await fgt.api.monitor.firewall.policy.reset.post()
    async with FortiOS("127.0.0.1", token="t", mode="async") as scoped:
        await scoped.api.cmdb.system.global_.update(hostname="fw-2")
    await fgt.aclose()


def annotated(fgt: FortiOS) -> None:
    """A bare `FortiOS`: the mode is not known, so the tree is Any; nothing false is reported."""
    rows: dict[str, Any] = fgt.api.cmdb.firewall.address.list()
    print(rows, fgt.api.cmdb.firewall.address.create(name="web"))
    fgt.close()


async def annotated_async(fgt: FortiOS) -> None:
    print(await fgt.api.cmdb.firewall.address.list())


def configured(mode: str) -> None:
    chosen = FortiOS("127.0.0.1", token="t", mode=mode)  # chosen at run time: accepted, typed loosely
    assert_type(chosen, FortiOS[Any])
    print(chosen.api.cmdb.firewall.address.get("web"))
