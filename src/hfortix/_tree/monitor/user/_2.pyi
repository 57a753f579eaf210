"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._2_ import FortitokenImportSeed as FortitokenImportSeed, DetectedDevice as DetectedDevice, Device as Device, DeviceQuery as DeviceQuery, DeviceStats as DeviceStats, DeviceIotQuery as DeviceIotQuery, DeviceForticlientVulnerabilities as DeviceForticlientVulnerabilities, DeviceRemove as DeviceRemove
