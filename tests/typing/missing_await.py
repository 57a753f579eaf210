"""mypy must reject this file: a coroutine used as data (a missing await)."""

from hfortix import FortiOS

fgt = FortiOS("127.0.0.1", token="t", mode="async")
count: int = len(fgt.api.cmdb.firewall.address.list())
