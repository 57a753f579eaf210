"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._3_ import NetworkMonitorSettings as NetworkMonitorSettings, Poe as Poe, PortPolicy as PortPolicy, PtpInterfacePolicy as PtpInterfacePolicy, PtpPolicy as PtpPolicy, PtpProfile as PtpProfile, PtpSettings as PtpSettings, QosDot1pMap as QosDot1pMap
