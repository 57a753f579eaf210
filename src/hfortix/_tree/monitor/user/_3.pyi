"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._3_ import DevicePurdueLevel as DevicePurdueLevel, DeviceType as DeviceType, DeviceCategory as DeviceCategory, Fsso as Fsso, FssoRefreshServer as FssoRefreshServer, CollectedEmail as CollectedEmail, InfoQuery as InfoQuery, InfoThumbnail as InfoThumbnail
