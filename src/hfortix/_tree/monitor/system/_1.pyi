"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._1_ import TimeSet as TimeSet, GlobalResources as GlobalResources, VdomResource as VdomResource, Dhcp as Dhcp, DhcpConvertFromTemplate as DhcpConvertFromTemplate, DhcpRevoke as DhcpRevoke, Firmware as Firmware, FirmwareUpgradePaths as FirmwareUpgradePaths
