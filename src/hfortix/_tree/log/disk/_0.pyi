"""Typing only: where fgt.api.log.disk's endpoint classes are."""

from ._0_ import VirusArchive as VirusArchive, VirusRaw as VirusRaw, IpsArchive as IpsArchive, IpsArchiveDownload as IpsArchiveDownload, IpsRaw as IpsRaw, AppCtrlArchive as AppCtrlArchive, AppCtrlArchiveDownload as AppCtrlArchiveDownload, AppCtrlRaw as AppCtrlRaw
