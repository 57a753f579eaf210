"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._7_ import DnatReset as DnatReset, DnatClearCounters as DnatClearCounters, InternetServiceReputation as InternetServiceReputation, ProxySessions as ProxySessions, Gtp as Gtp, GtpFlush as GtpFlush, InternetServiceBasic as InternetServiceBasic, VipOverlap as VipOverlap
