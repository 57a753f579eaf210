"""Typing only: where fgt.api.monitor.log's endpoint classes are."""

from ._0_ import CurrentDiskUsage as CurrentDiskUsage, DeviceState as DeviceState, Forticloud as Forticloud, ForticloudConnection as ForticloudConnection, Fortianalyzer as Fortianalyzer, FortianalyzerQueue as FortianalyzerQueue, HourlyDiskUsage as HourlyDiskUsage, HistoricDailyRemoteLogs as HistoricDailyRemoteLogs
