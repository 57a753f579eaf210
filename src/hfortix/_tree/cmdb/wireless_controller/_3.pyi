"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._3_ import Hotspot20HsProfile as Hotspot20HsProfile, Hotspot20Icon as Hotspot20Icon, Hotspot20QosMap as Hotspot20QosMap, InterController as InterController, Log as Log, LwProfile as LwProfile, MpskProfile as MpskProfile, NacProfile as NacProfile
