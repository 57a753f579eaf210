"""Typing only: where fgt.api.monitor.network's endpoint classes are."""

from ._0_ import LldpNeighbors as LldpNeighbors, LldpPorts as LldpPorts, DnsLatency as DnsLatency, FortiguardLiveServicesLatency as FortiguardLiveServicesLatency, DdnsServers as DdnsServers, DdnsLookup as DdnsLookup, ReverseIpLookup as ReverseIpLookup, Arp as Arp
