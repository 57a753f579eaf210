"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._19_ import UpgradeReportExists as UpgradeReportExists, UpgradeReportSaved as UpgradeReportSaved, UpgradeReportCurrent as UpgradeReportCurrent, HaBackupHbUsed as HaBackupHbUsed, MonitorSensor as MonitorSensor, N5gModemStatus as N5gModemStatus, N5gModemFirmware as N5gModemFirmware, N5gModemUpgrade as N5gModemUpgrade
