"""Typing only: where fgt.api.monitor.log's endpoint classes are."""

from ._2_ import LocalReportList as LocalReportList, LocalReportDownload as LocalReportDownload, LocalReportDelete as LocalReportDelete, FeatureSet as FeatureSet
