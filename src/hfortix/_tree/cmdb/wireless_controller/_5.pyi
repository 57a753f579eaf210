"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._5_ import SyslogProfile as SyslogProfile, Timers as Timers, UtmProfile as UtmProfile, Vap as Vap, VapGroup as VapGroup, VapStatus as VapStatus, WagProfile as WagProfile, WidsProfile as WidsProfile
