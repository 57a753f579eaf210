"""Typing only: where fgt.api.monitor.wifi's endpoint classes are."""

from ._3_ import NetworkScan as NetworkScan, RegionImage as RegionImage, RegionImageUpload as RegionImageUpload, VlanProbe as VlanProbe, VlanProbeStart as VlanProbeStart, VlanProbeStop as VlanProbeStop, Meta as Meta, ApChannels as ApChannels
