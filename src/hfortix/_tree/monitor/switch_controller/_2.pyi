"""Typing only: where fgt.api.monitor.switch_controller's endpoint classes are."""

from ._2_ import ManagedSwitchFactoryReset as ManagedSwitchFactoryReset, ManagedSwitchPortStatsReset as ManagedSwitchPortStatsReset, ManagedSwitchBouncePort as ManagedSwitchBouncePort, ManagedSwitchConfigSync as ManagedSwitchConfigSync, FswFirmware as FswFirmware, FswFirmwareDownload as FswFirmwareDownload, FswFirmwarePush as FswFirmwarePush, FswFirmwareUpload as FswFirmwareUpload
