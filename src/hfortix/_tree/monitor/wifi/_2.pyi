"""Typing only: where fgt.api.monitor.wifi's endpoint classes are."""

from ._2_ import RogueApSetStatus as RogueApSetStatus, Spectrum as Spectrum, SpectrumStart as SpectrumStart, SpectrumKeepAlive as SpectrumKeepAlive, SpectrumStop as SpectrumStop, NetworkList as NetworkList, NetworkStatus as NetworkStatus, NetworkConnect as NetworkConnect
