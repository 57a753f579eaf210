"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._4_ import QosProfile as QosProfile, Region as Region, RfAnalysis as RfAnalysis, Setting as Setting, Snmp as Snmp, SpectralInfo as SpectralInfo, SsidPolicy as SsidPolicy, Status as Status
