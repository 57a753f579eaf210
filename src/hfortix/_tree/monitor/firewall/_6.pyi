"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._6_ import MulticastPolicy6Reset as MulticastPolicy6Reset, MulticastPolicy6ClearCounters as MulticastPolicy6ClearCounters, GtpStatistics as GtpStatistics, GtpRuntimeStatistics as GtpRuntimeStatistics, CentralSnatMap as CentralSnatMap, CentralSnatMapReset as CentralSnatMapReset, CentralSnatMapClearCounters as CentralSnatMapClearCounters, Dnat as Dnat
