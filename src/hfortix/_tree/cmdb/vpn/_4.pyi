"""Typing only: where fgt.api.cmdb.vpn's endpoint classes are."""

from ._4_ import SslWebUserBookmark as SslWebUserBookmark, SslWebUserGroupBookmark as SslWebUserGroupBookmark, SslMonitor as SslMonitor, StatusL2tp as StatusL2tp, StatusPptp as StatusPptp, StatusSslList as StatusSslList, StatusSslHwAccelerationStatus as StatusSslHwAccelerationStatus
