"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._13_ import Ptp as Ptp, ReplacemsgAdmin as ReplacemsgAdmin, ReplacemsgAlertmail as ReplacemsgAlertmail, ReplacemsgAuth as ReplacemsgAuth, ReplacemsgAutomation as ReplacemsgAutomation, ReplacemsgDeviceDetectionPortal as ReplacemsgDeviceDetectionPortal, ReplacemsgEc as ReplacemsgEc, ReplacemsgFortiguardWf as ReplacemsgFortiguardWf
