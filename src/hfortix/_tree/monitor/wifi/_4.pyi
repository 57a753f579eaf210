"""Typing only: where fgt.api.monitor.wifi's endpoint classes are."""

from ._4_ import ApNames as ApNames, UnassociatedDevices as UnassociatedDevices, MatchedDevices as MatchedDevices, StationCapability as StationCapability, NacDeviceStats as NacDeviceStats, Statistics as Statistics, SsidGenerateKeys as SsidGenerateKeys, ApProfileCreateDefault as ApProfileCreateDefault
