"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._4_ import DhcpTemplate as DhcpTemplate, Dns as Dns, Dns64 as Dns64, DnsDatabase as DnsDatabase, DnsServer as DnsServer, DscpBasedPriority as DscpBasedPriority, EmailServer as EmailServer, Evpn as Evpn
