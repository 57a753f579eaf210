"""Deliberate mistakes, one per line, each marked by an `error:` comment that says what it is:
mypy --strict and pyright must report each on its line, and nothing else anywhere
(tests/typing/test_typing.py). Never run."""

from hfortix import FortiOS

fgt = FortiOS("127.0.0.1", token="t")
afgt = FortiOS("127.0.0.1", token="t", mode="async")

fgt.api.cmdb.firewal.address.list()  # error: a namespace typo
fgt.api.cmdb.firewall.adress.list()  # error: an endpoint typo
fgt.api.cmdb.firewall.address.create(name="web", subnett="10.0.0.1/32")  # error: a field typo
fgt.api.cmdb.firewall.address.create(name="web", type="ip-mask")  # error: an option no version has
fgt.api.cmdb.firewall.policy.create(name="p", action="allow")  # error: policies accept, deny or ipsec
fgt.api.cmdb.firewall.address.create(name="web", color="red")  # error: an integer field
fgt.api.cmdb.firewall.address.create(name="web", allow_routing=True)  # error: enable or disable, not a bool
fgt.api.cmdb.firewall.addrgrp.create(name="g", member=[{"nmae": "web"}])  # error: a child row's key
fgt.api.cmdb.firewall.address.create(name="web", dry_run=True)  # error: dry_run is ensure's
print(fgt.api.cmdb.firewall.address.get("web")["sbunet"])  # error: a row key typo
print(fgt.api.monitor.system.status.get()["hostnme"])  # error: a result key typo
fgt.api.monitor.system.interface.get(interface="port1")  # error: a monitor parameter typo
fgt.api.cmdb.system.global_.list()  # error: a singleton has no list
fgt.api.cmdb.system.global_.delete("x")  # error: nor delete
fgt.api.cmdb.firewall.address.post()  # error: post is for monitor actions
fgt.api.monitor.system.status.delete()  # error: monitor endpoints get (or post)
fgt.api.monitor.firewall.policy.reset.get()  # error: this action answers POST only
fgt.api.log.disk.traffic.forward.post()  # error: log endpoints get
fgt.api.cmdb.firewall.address.iterate(page_size="1000")  # error: page_size is an int
fgt.api.cmdb.firewall.addrgrp.member("g").update(name="x")  # error: a child table has no update
fgt.api.cmdb.firewall.addrgrp.member("g").get("x", format=["name"])  # error: a child's get takes no read options
fgt.api.monitor.system.status.iterate()  # error: this monitor endpoint does not page
fgt.api.monitor.firewall.session.get(filter_csv=False)  # error: a parameter typo (filter_csf)
count: int = len(afgt.api.cmdb.firewall.address.list())  # error: a missing await
afgt.close()  # error: an async client closes with aclose()
fgt.aclose()  # error: a sync one with close()


async def forgotten() -> None:
    afgt.api.cmdb.firewall.address.delete("web")  # error: the coroutine is never awaited
    rows = afgt.api.cmdb.firewall.address.list()
    print(rows[0])  # error: indexing the coroutine, not the rows
    with FortiOS("127.0.0.1", token="t", mode="async"):  # error: async clients use async with
        pass
    await fgt.api.cmdb.firewall.address.list()  # error: a sync client's answer is no awaitable
