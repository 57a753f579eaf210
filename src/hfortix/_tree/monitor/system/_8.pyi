"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._8_ import FortimanagerBackupSummary as FortimanagerBackupSummary, FortimanagerBackupDetails as FortimanagerBackupDetails, FortimanagerConfig as FortimanagerConfig, FortimanagerBackupAction as FortimanagerBackupAction, AvailableCertificates as AvailableCertificates, CertificateDownload as CertificateDownload, CertificateReadInfo as CertificateReadInfo, DebugDownload as DebugDownload
