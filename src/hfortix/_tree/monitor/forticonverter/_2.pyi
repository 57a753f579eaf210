"""Typing only: where fgt.api.monitor.forticonverter's endpoint classes are."""

from ._2_ import DownloadReady as DownloadReady, DownloadStatus as DownloadStatus, DownloadStart as DownloadStart, FileDownload as FileDownload, ConfigUpload as ConfigUpload, SetSourceSnSelect as SetSourceSnSelect, SubmittedInfoUpdate as SubmittedInfoUpdate
