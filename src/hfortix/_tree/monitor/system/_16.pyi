"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._16_ import InterfaceConnectedAdminsInfo as InterfaceConnectedAdminsInfo, NtpStatus as NtpStatus, ConfigErrorLogDownload as ConfigErrorLogDownload, RunningProcesses as RunningProcesses, AutomationActionStats as AutomationActionStats, HaTableChecksums as HaTableChecksums, TrafficHistoryInterface as TrafficHistoryInterface, TrafficHistoryTopApplications as TrafficHistoryTopApplications
