"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._6_ import InterfaceWakeOnLan as InterfaceWakeOnLan, AvailableInterfaces as AvailableInterfaces, AvailableInterfacesMeta as AvailableInterfacesMeta, AcquiredDns as AcquiredDns, ResolveFqdn as ResolveFqdn, Nat46Ippools as Nat46Ippools, UsbLog as UsbLog, UsbLogStart as UsbLogStart
