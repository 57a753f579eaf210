"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._22_ import VmlicenseUpload as VmlicenseUpload, VmlicenseDownload as VmlicenseDownload, VmlicenseDownloadEval as VmlicenseDownloadEval, LogdiskFormat as LogdiskFormat, ProcessKill as ProcessKill, HscalefwLicenseUpload as HscalefwLicenseUpload, PrivateDataEncryptionSet as PrivateDataEncryptionSet
