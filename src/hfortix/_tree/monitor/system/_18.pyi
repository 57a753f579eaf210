"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._18_ import IpamUtilization as IpamUtilization, AcmeCertificateStatus as AcmeCertificateStatus, CrashLogDownload as CrashLogDownload, CrashLogClear as CrashLogClear, HaHwInterface as HaHwInterface, HaNonsyncChecksums as HaNonsyncChecksums, CentralManagementStatus as CentralManagementStatus, ClusterState as ClusterState
