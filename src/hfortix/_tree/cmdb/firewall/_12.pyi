"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._12_ import SslSetting as SslSetting, SslSshProfile as SslSshProfile, TrafficClass as TrafficClass, TtlPolicy as TtlPolicy, VendorMac as VendorMac, Vip as Vip, Vip46 as Vip46, Vip6 as Vip6
