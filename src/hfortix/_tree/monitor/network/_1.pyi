"""Typing only: where fgt.api.monitor.network's endpoint classes are."""

from ._1_ import DebugFlowStart as DebugFlowStart, DebugFlowStop as DebugFlowStop
