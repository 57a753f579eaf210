"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._6_ import StpInstance as StpInstance, StpSettings as StpSettings, SwitchGroup as SwitchGroup, SwitchInterfaceTag as SwitchInterfaceTag, SwitchLog as SwitchLog, SwitchProfile as SwitchProfile, System as System, TrafficPolicy as TrafficPolicy
