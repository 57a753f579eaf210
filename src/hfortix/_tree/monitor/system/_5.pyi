"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._5_ import InterfaceDhcpStatus as InterfaceDhcpStatus, InterfacePoe as InterfacePoe, InterfaceTransceivers as InterfaceTransceivers, InterfaceSpeedTestStatus as InterfaceSpeedTestStatus, InterfaceKernelInterfaces as InterfaceKernelInterfaces, InterfacePoeUsage as InterfacePoeUsage, InterfaceDhcpRenew as InterfaceDhcpRenew, InterfaceSpeedTestTrigger as InterfaceSpeedTestTrigger
