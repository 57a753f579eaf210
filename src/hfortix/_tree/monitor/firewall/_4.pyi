"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._4_ import IppoolMapping as IppoolMapping, AddressDynamic as AddressDynamic, Address6Dynamic as Address6Dynamic, ConsolidatedPolicy as ConsolidatedPolicy, ConsolidatedPolicyReset as ConsolidatedPolicyReset, ConsolidatedPolicyClearCounters as ConsolidatedPolicyClearCounters, SecurityPolicy as SecurityPolicy, SecurityPolicyClearCounters as SecurityPolicyClearCounters
