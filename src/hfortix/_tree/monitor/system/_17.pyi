"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._17_ import TrafficHistoryEnableAppBandwidthTracking as TrafficHistoryEnableAppBandwidthTracking, LteModemStatus as LteModemStatus, LteModemUpload as LteModemUpload, LteModemUpgrade as LteModemUpgrade, GlobalSearch as GlobalSearch, PerformanceStatus as PerformanceStatus, IpamList as IpamList, IpamStatus as IpamStatus
