"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._5_ import SecurityPolicyUpdateGlobalLabel as SecurityPolicyUpdateGlobalLabel, UuidList as UuidList, UuidTypeLookup as UuidTypeLookup, SdnConnectorFilters as SdnConnectorFilters, MulticastPolicy as MulticastPolicy, MulticastPolicyReset as MulticastPolicyReset, MulticastPolicyClearCounters as MulticastPolicyClearCounters, MulticastPolicy6 as MulticastPolicy6
