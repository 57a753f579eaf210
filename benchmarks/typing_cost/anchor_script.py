"""50 lines using the anchor's (hfortix-fortios 0.5.164) endpoint tree, for typing_cost.py: the same
operations as hfortix_script.py in that SDK's API as its README shows (type-checked, never run)."""
import asyncio

from hfortix_fortios import FortiOS


def configure(fgt: FortiOS) -> None:
    addresses = fgt.api.cmdb.firewall.address
    addresses.post(name="web", subnet="10.0.1.10/32", comment="front end")
    addresses.put(name="web", comment="front end, v2", allow_routing="enable")
    for row in addresses.get(filter="name=@web", format="name|subnet"):
        print(row.name, row.subnet)
    if addresses.exists("old"):
        addresses.delete(name="old")
    fgt.api.cmdb.firewall.addrgrp.post(name="web-servers", member=["web"])
    fgt.api.cmdb.firewall.policy.post(
        name="allow-web", srcintf=["port1"], dstintf=["port2"],
        srcaddr=["all"], dstaddr=["web-servers"], service=["HTTPS"],
        action="accept", schedule="always", nat="enable", logtraffic="all",
    )
    fgt.api.cmdb.firewall.service.custom.post(name="tcp-8443", tcp_portrange="8443", protocol="TCP/UDP/UDP-Lite/SCTP")
    fgt.api.cmdb.system.interface.put(name="port1", alias="lan", allowaccess="ping https")
    fgt.api.cmdb.system.global_.put(hostname="fw-1", admintimeout=30)
    fgt.api.cmdb.router.static.post(seq_num=10, dst="0.0.0.0 0.0.0.0", gateway="192.0.2.1", device="port2")
    fgt.api.cmdb.user.local.post(name="alice", type="password", passwd="secret", status="enable")
    fgt.api.cmdb.vpn.ipsec.phase1_interface.put(name="hq", remote_gw="198.51.100.1")
    print(fgt.api.cmdb.firewall.policy.get(policyid=1).action)


def report(fgt: FortiOS) -> None:
    print(fgt.api.monitor.system.status.get())
    print(fgt.api.monitor.system.interface.get())
    print(fgt.api.monitor.firewall.policy.get())
    print(fgt.api.monitor.system.resource.usage.get())
    print(fgt.api.log.disk.traffic.forward.get(rows=10))


async def inventory(fgt: FortiOS) -> int:
    addresses, policies = await asyncio.gather(
        fgt.api.cmdb.firewall.address.get(), fgt.api.cmdb.firewall.policy.get())
    await fgt.api.cmdb.firewall.address.post(name="db", subnet="10.0.2.0/24")
    return len(addresses) + len(policies)


def main() -> None:
    with FortiOS(host="192.0.2.10", token="...", verify=False) as fgt:
        configure(fgt)
        report(fgt)
    print(asyncio.run(inventory(FortiOS(host="192.0.2.10", token="...", mode="async"))))
