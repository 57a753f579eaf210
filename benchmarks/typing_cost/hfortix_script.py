"""50 lines using hfortix's endpoint tree, for benchmarks/typing_cost.py (type-checked, never run)."""
import asyncio

from hfortix import AsyncMode, FortiOS, SyncMode


def configure(fgt: FortiOS[SyncMode]) -> None:
    addresses = fgt.api.cmdb.firewall.address
    addresses.create(name="web", subnet="10.0.1.10/32", comment="front end")
    addresses.update("web", comment="front end, v2", allow_routing="enable")
    for row in addresses.list(filter="name=@web", format=["name", "subnet"]):
        print(row["name"], row["subnet"])
    if addresses.exists("old"):
        addresses.delete("old")
    fgt.api.cmdb.firewall.addrgrp.set(name="web-servers", member=[{"name": "web"}])
    fgt.api.cmdb.firewall.policy.create(
        name="allow-web", srcintf=[{"name": "port1"}], dstintf=[{"name": "port2"}],
        srcaddr=[{"name": "all"}], dstaddr=[{"name": "web-servers"}], service=[{"name": "HTTPS"}],
        action="accept", schedule="always", nat="enable", logtraffic="all",
    )
    fgt.api.cmdb.firewall.service.custom.create(name="tcp-8443", tcp_portrange="8443", protocol="TCP/UDP/SCTP")
    fgt.api.cmdb.system.interface.update("port1", alias="lan", allowaccess="ping https")
    fgt.api.cmdb.system.global_.update(hostname="fw-1", admintimeout=30)
    fgt.api.cmdb.router.static.create(seq_num=10, dst="0.0.0.0 0.0.0.0", gateway="192.0.2.1", device="port2")
    fgt.api.cmdb.user.local.create(name="alice", type="password", passwd="secret", status="enable")
    fgt.api.cmdb.vpn.ipsec.phase1_interface.update("hq", remote_gw="198.51.100.1")
    print(fgt.api.cmdb.firewall.policy.get(1)["action"])


def report(fgt: FortiOS[SyncMode]) -> None:
    status = fgt.api.monitor.system.status.get()
    print(status["hostname"], status["model_name"])
    print(fgt.api.monitor.system.interface.get())
    print(fgt.api.monitor.firewall.policy.get())
    print(fgt.api.monitor.system.resource.usage.get())
    print(fgt.api.log.disk.traffic.forward.get(rows=10))


async def inventory(fgt: FortiOS[AsyncMode]) -> int:
    addresses, policies = await asyncio.gather(
        fgt.api.cmdb.firewall.address.list(), fgt.api.cmdb.firewall.policy.list())
    await fgt.api.cmdb.firewall.address.create(name="db", subnet="10.0.2.0/24")
    return len(addresses) + len(policies)


def main() -> None:
    with FortiOS("192.0.2.10", token="...", verify=False) as fgt:
        configure(fgt)
        report(fgt)
    print(asyncio.run(inventory(FortiOS("192.0.2.10", token="...", mode="async"))))
