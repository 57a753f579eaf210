"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._4_ import SnifferRestart as SnifferRestart, SnifferStart as SnifferStart, SnifferStop as SnifferStop, SnifferClear as SnifferClear, AutomationStitchStats as AutomationStitchStats, AutomationStitchTest as AutomationStitchTest, AutomationStitchWebhook as AutomationStitchWebhook, Interface as Interface
