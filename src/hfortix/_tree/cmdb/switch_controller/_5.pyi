"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._5_ import SecurityPolicyLocalAccess as SecurityPolicyLocalAccess, Sflow as Sflow, SnmpCommunity as SnmpCommunity, SnmpSysinfo as SnmpSysinfo, SnmpTrapThreshold as SnmpTrapThreshold, SnmpUser as SnmpUser, StormControl as StormControl, StormControlPolicy as StormControlPolicy
