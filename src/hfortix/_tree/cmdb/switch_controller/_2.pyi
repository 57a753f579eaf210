"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._2_ import LldpProfile as LldpProfile, LldpSettings as LldpSettings, Location as Location, MacPolicy as MacPolicy, MacSyncSettings as MacSyncSettings, ManagedSwitch as ManagedSwitch, NacDevice as NacDevice, NacSettings as NacSettings
