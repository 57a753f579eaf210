"""Correct sync-mode code: mypy --strict and pyright must report nothing (tests/typing/test_typing.py).

Type-checked only, never run (ensure, iterate and child tables arrive with the state work).
"""

from typing import Any, Literal, assert_type

from hfortix import FortiOS, SyncMode
from hfortix.fields import Field
from hfortix.testing import FortiGateEmulator

fgt = FortiOS("127.0.0.1", token="t")
assert_type(fgt, FortiOS[SyncMode])
addresses = fgt.api.cmdb.firewall.address

# tables: rows are TypedDicts of wire names; writes answer FortiOS's write result
for row in addresses.list(filter="name=@web", format=["name", "subnet"]):
    assert_type(row["name"], str)
    assert_type(row["allow-routing"], Literal["enable", "disable"])
    print(row["subnet"], row["q_origin_key"], [tag["name"] for tag in row["tagging"]])
web = addresses.get("web")
assert_type(web["route-tag"], int)
assert_type(addresses.exists("web"), bool)
assert_type(addresses.create(name="web", subnet="10.0.1.10/32", type="ipmask", allow_routing="enable"), dict[str, Any])
addresses.create({"name": "raw", "allow-routing": "enable"})              # wire names, unchecked
addresses.create(data={"name": "raw2"}, vdom="root", timeout=5.0)
addresses.update("web", comment="front end", route_tag=7)
addresses.update(name="web", color=3)
addresses.set(name="db", subnet="10.0.2.0/24")
addresses.delete("old")
addresses.move("web", before="db")
addresses.clone("web", "web-copy")
addresses.schema()
per_vdom = addresses.list(vdom="*")
assert_type(per_vdom["root"][0]["name"], str)
assert_type(addresses.list(vdom=["root", "dmz"])["dmz"][0]["subnet"], str)
fgt.api.cmdb.firewall.addrgrp.create(name="web-servers", member=[{"name": "web"}])
fgt.api.cmdb.firewall.policy.create(
    name="allow-web", srcintf=[{"name": "port1"}], dstintf=[{"name": "port2"}], srcaddr=[{"name": "all"}],
    dstaddr=[{"name": "web-servers"}], service=[{"name": "HTTPS"}], action="accept", schedule="always",
)
assert_type(fgt.api.cmdb.firewall.policy.get(1)["action"], Literal["accept", "deny", "ipsec"])
fgt.api.cmdb.system.api_user.create(name="robot", vdom_=[{"name": "root"}])  # a field named like an option
fgt.api.cmdb.vpn.ipsec.phase1_interface.update("hq", remote_gw="198.51.100.1")
fgt.api.cmdb.user["tacacs+"].list()                                          # any wire name by item access

# what the state work adds: ensure, ensure_many, iterate, child tables
change = addresses.ensure(name="web", subnet="10.0.1.10/32", dry_run=True)
assert_type(change.action, Literal["create", "update", "none"])
assert_type(change.diff, dict[str, tuple[Any, Any]])
changes = addresses.ensure_many([{"name": "a"}, {"name": "b"}], progress=lambda done, total: None)
print([change.key for change in changes if change.error is not None])
for row in addresses.iterate(page_size=500, filter="name=@web"):
    print(row["name"])
members = fgt.api.cmdb.firewall.addrgrp.member("web-servers")
for member in members.list():
    print(member["name"])
members.create(name="db")
assert_type(members.exists("db"), bool)
members.delete("db")
assert_type(members.fields(), dict[str, Field])  # a child table's rows, described offline
assert_type(fgt.api.cmdb.firewall.addrgrp.member.fields(), dict[str, Field])

# singletons, read-only endpoints
settings = fgt.api.cmdb.system.global_
assert_type(settings.get()["hostname"], str)
settings.update(hostname="fw-1", admintimeout=30)
settings.ensure(hostname="fw-1")
print(fgt.api.cmdb.system.status.get())

# monitor and log: parameters typed from the catalog, results from FortiOS's own schema
status = fgt.api.monitor.system.status.get()
assert_type(status["hostname"], str)
fgt.api.monitor.system.interface.get(interface_name="port1", include_vlan=True)
fgt.api.monitor.firewall.policy.reset.post()
fgt.api.monitor.system.config.backup.post(scope="global")
fgt.api.log.disk.traffic.forward.get(rows=10, filter="srcip==10.0.0.1")
for certificate in fgt.api.monitor.utm.blacklisted_certificates.iterate(page_size=100):
    print(certificate)
fgt.api.monitor.firewall.session.get(count=10, summary=True, filter_csf=False)  # filter-csf: a dashed name
for session in fgt.api.monitor.firewall.session.iterate(page_size=500, summary=True):
    print(session)

# offline documentation
fields: dict[str, Field] = addresses.fields()
print(fields["route-tag"].versions, addresses.endpoint.mkey)

fgt.request("GET", "monitor/system/status")
with FortiOS("127.0.0.1", token="t") as scoped:
    scoped.api.cmdb.firewall.address.list()
fgt.close()
with FortiGateEmulator() as emu, FortiOS(emu.host, token=emu.token, verify=emu.ca) as tested:  # the README's
    tested.api.monitor.system.status.get()
