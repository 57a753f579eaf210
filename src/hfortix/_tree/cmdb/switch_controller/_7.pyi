"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._7_ import TrafficSniffer as TrafficSniffer, VirtualPortPool as VirtualPortPool, Vlan as Vlan, VlanPolicy as VlanPolicy
