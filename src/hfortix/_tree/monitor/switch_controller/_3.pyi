"""Typing only: where fgt.api.monitor.switch_controller's endpoint classes are."""

from ._3_ import DetectedDevice as DetectedDevice, ValidateSwitchPrefix as ValidateSwitchPrefix, MclagIclEligiblePeer as MclagIclEligiblePeer, MclagIclTierPlusCandidates as MclagIclTierPlusCandidates, MclagIclSetTier1 as MclagIclSetTier1, MclagIclSetTierPlus as MclagIclSetTierPlus, MatchedDevices as MatchedDevices, NacDeviceStats as NacDeviceStats
