"""Typing only: where fgt.api.monitor.endpoint_control's endpoint classes are."""

from ._1_ import Installer as Installer, InstallerDownload as InstallerDownload, AvatarDownload as AvatarDownload, Summary as Summary, EmsStatus as EmsStatus, EmsCertStatus as EmsCertStatus, EmsStatusSummary as EmsStatusSummary, EmsMalwareHash as EmsMalwareHash
