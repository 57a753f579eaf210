"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._6_ import Wtp as Wtp, WtpGroup as WtpGroup, WtpProfile as WtpProfile, WtpStatus as WtpStatus, Scan as Scan, Wlchanlistlic as Wlchanlistlic
