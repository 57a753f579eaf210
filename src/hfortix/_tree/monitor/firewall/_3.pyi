"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._3_ import ShaperMultiClassShaper as ShaperMultiClassShaper, ShaperReset as ShaperReset, PerIpShaper as PerIpShaper, PerIpShaperReset as PerIpShaperReset, LoadBalance as LoadBalance, AddressFqdns as AddressFqdns, AddressFqdns6 as AddressFqdns6, Ippool as Ippool
