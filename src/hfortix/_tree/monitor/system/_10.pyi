"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._10_ import HaStatistics as HaStatistics, HaHistory as HaHistory, HaChecksums as HaChecksums, HaPeer as HaPeer, HaPeerUpdate as HaPeerUpdate, HaPeerDisconnect as HaPeerDisconnect, LinkMonitor as LinkMonitor, ConfigBackup as ConfigBackup
