"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._8_ import Interface as Interface, Ipam as Ipam, IpipTunnel as IpipTunnel, Ips as Ips, IpsUrlfilterDns as IpsUrlfilterDns, IpsUrlfilterDns6 as IpsUrlfilterDns6, IpsecAggregate as IpsecAggregate, Ipv6NeighborCache as Ipv6NeighborCache
