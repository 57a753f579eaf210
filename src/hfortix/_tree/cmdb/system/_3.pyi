"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._3_ import Csf as Csf, CustomLanguage as CustomLanguage, Ddns as Ddns, DedicatedMgmt as DedicatedMgmt, DeviceUpgrade as DeviceUpgrade, DeviceUpgradeExemptions as DeviceUpgradeExemptions, Dhcp6Server as Dhcp6Server, DhcpServer as DhcpServer
