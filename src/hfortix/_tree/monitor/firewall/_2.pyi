"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._2_ import ProxyPolicyClearCounters as ProxyPolicyClearCounters, PolicyLookup as PolicyLookup, Session as Session, SessionClearAll as SessionClearAll, SessionClose as SessionClose, SessionCloseMultiple as SessionCloseMultiple, SessionCloseAll as SessionCloseAll, Shaper as Shaper
