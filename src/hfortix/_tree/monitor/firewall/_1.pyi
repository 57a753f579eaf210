"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._1_ import Policy as Policy, PolicyReset as PolicyReset, PolicyClearCounters as PolicyClearCounters, PolicyUpdateGlobalLabel as PolicyUpdateGlobalLabel, Policy6 as Policy6, Policy6Reset as Policy6Reset, Policy6ClearCounters as Policy6ClearCounters, ProxyPolicy as ProxyPolicy
