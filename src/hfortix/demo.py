"""`python -m hfortix demo`: the user guide's patterns, run against a local emulator.

It starts a FortiGate emulator on 127.0.0.1 (HTTPS, its own CA), then does what the guide
shows: sync CRUD and exists, async concurrent reads, bulk create with max_concurrency,
update-or-create, typed errors, a session login and multi-VDOM reads, and prints what it saw.
"""

from __future__ import annotations

import asyncio
import time

from hfortix import FortiOS
from hfortix.exceptions import ResourceAlreadyExistsError, ResourceNotFoundError
from hfortix.testing import FortiGateEmulator


def sync_part(emu: FortiGateEmulator) -> None:
    with FortiOS(emu.host, token=emu.token, verify=emu.ssl_context()) as fgt:
        fgt.api.cmdb.firewall.address.create(name="web-server", subnet="10.0.1.50/32")
        addresses = fgt.api.cmdb.firewall.address.list()
        print(f"sync: found {len(addresses)} addresses")
        if fgt.api.cmdb.firewall.address.exists("web-server"):
            print("sync: web-server exists:", fgt.api.cmdb.firewall.address.get("web-server")["subnet"])
        status = fgt.api.monitor.system.status.get()
        print(f"sync: monitor/system/status says {status.get('hostname', status)!s}")
        try:
            fgt.api.cmdb.firewall.address.create(name="web-server", subnet="10.0.1.51/32")
        except ResourceAlreadyExistsError as exc:
            print(f"sync: typed error as expected: {type(exc).__name__} (FortiOS error {exc.error_code})")


async def async_part(emu: FortiGateEmulator) -> None:
    async with FortiOS(emu.host, token=emu.token, verify=emu.ssl_context(), mode="async", max_concurrency=5) as fgt:
        started = time.perf_counter()
        results = await asyncio.gather(*(
            fgt.api.cmdb.firewall.address.create(name=f"server{i}", subnet=f"10.0.2.{i}/32") for i in range(20)
        ), return_exceptions=True)
        failed = [r for r in results if isinstance(r, Exception)]
        print(f"async: created {len(results) - len(failed)} addresses concurrently "
              f"in {time.perf_counter() - started:.2f}s ({len(failed)} failed)")
        addresses, policies, services = await asyncio.gather(
            fgt.api.cmdb.firewall.address.list(),
            fgt.api.cmdb.firewall.policy.list(),
            fgt.api.cmdb.firewall.service.custom.list(),
        )
        print(f"async: addresses {len(addresses)}, policies {len(policies)}, services {len(services)}")
        answer = await fgt.api.cmdb.firewall.address.set(name="web-server", subnet="10.0.1.60/32")
        print(f"async: update-or-create -> {answer['action']}")
        try:
            await fgt.api.cmdb.firewall.address.delete("old-server1")
        except ResourceNotFoundError:
            print("async: old-server1 not found (typed ResourceNotFoundError)")


def session_part() -> None:
    with FortiGateEmulator(username="admin", password="demo-password", vdoms=("root", "dmz")) as emu, \
            FortiOS(emu.host, username="admin", password="demo-password", verify=emu.ssl_context()) as fgt:
        per_vdom = fgt.api.cmdb.firewall.address.list(vdom="*")
        print(f"session: logged in; addresses per VDOM: { {v: len(rows) for v, rows in per_vdom.items()} }")


def main() -> int:
    with FortiGateEmulator() as emu:
        print(f"emulator listening at {emu.url}")
        sync_part(emu)
        asyncio.run(async_part(emu))
    session_part()
    print("demo finished")
    return 0
