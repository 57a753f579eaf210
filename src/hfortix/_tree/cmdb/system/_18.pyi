"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._18_ import SmsServer as SmsServer, SnmpCommunity as SnmpCommunity, SnmpMibView as SnmpMibView, SnmpRmonStat as SnmpRmonStat, SnmpSysinfo as SnmpSysinfo, SnmpUser as SnmpUser, SovSase as SovSase, SpeedTestSchedule as SpeedTestSchedule
