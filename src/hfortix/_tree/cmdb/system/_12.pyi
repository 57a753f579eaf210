"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._12_ import PerformanceTop as PerformanceTop, PerformanceStatus as PerformanceStatus, PerformanceFirewallPacketDistribution as PerformanceFirewallPacketDistribution, PerformanceFirewallStatistics as PerformanceFirewallStatistics, PhysicalSwitch as PhysicalSwitch, PppoeInterface as PppoeInterface, ProbeResponse as ProbeResponse, ProxyArp as ProxyArp
