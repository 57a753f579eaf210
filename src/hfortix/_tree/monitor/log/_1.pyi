"""Typing only: where fgt.api.monitor.log's endpoint classes are."""

from ._1_ import Stats as Stats, StatsReset as StatsReset, ForticloudReportDownload as ForticloudReportDownload, IpsArchiveDownload as IpsArchiveDownload, PolicyArchiveDownload as PolicyArchiveDownload, AvArchiveDownload as AvArchiveDownload, Event as Event, ForticloudReportList as ForticloudReportList
