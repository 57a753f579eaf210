"""Typing only: where fgt.api.monitor.switch_controller's endpoint classes are."""

from ._0_ import ManagedSwitch as ManagedSwitch, ManagedSwitchFaceplateXml as ManagedSwitchFaceplateXml, ManagedSwitchDhcpSnooping as ManagedSwitchDhcpSnooping, ManagedSwitchTransceivers as ManagedSwitchTransceivers, ManagedSwitchHealth as ManagedSwitchHealth, ManagedSwitchCableStatus as ManagedSwitchCableStatus, ManagedSwitchStatus as ManagedSwitchStatus, ManagedSwitchPortStats as ManagedSwitchPortStats
