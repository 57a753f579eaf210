"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._23_ import FortiguardService as FortiguardService, FortianalyzerConnectivity as FortianalyzerConnectivity, ChecksumStatus as ChecksumStatus, MgmtCsum as MgmtCsum, HaNonsyncCsum as HaNonsyncCsum, FortiguardLogService as FortiguardLogService, CentralMgmt as CentralMgmt, InfoAdminStatus as InfoAdminStatus
