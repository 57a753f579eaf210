"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._8_ import Policy as Policy, Policy46 as Policy46, Policy6 as Policy6, Policy64 as Policy64, ProfileGroup as ProfileGroup, ProfileProtocolOptions as ProfileProtocolOptions, Proute as Proute, ProxyAddress as ProxyAddress
