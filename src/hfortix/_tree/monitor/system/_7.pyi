"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._7_ import UsbLogStop as UsbLogStop, Ipconf as Ipconf, FortiguardServerInfo as FortiguardServerInfo, FortiguardUpdate as FortiguardUpdate, FortiguardClearStatistics as FortiguardClearStatistics, FortiguardTestAvailability as FortiguardTestAvailability, FortiguardManualUpdate as FortiguardManualUpdate, FortimanagerStatus as FortimanagerStatus
