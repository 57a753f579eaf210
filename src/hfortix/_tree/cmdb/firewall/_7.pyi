"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._7_ import MmsProfile as MmsProfile, MulticastAddress as MulticastAddress, MulticastAddress6 as MulticastAddress6, MulticastPolicy as MulticastPolicy, MulticastPolicy6 as MulticastPolicy6, NetworkServiceDynamic as NetworkServiceDynamic, OnDemandSniffer as OnDemandSniffer, Pfcp as Pfcp
