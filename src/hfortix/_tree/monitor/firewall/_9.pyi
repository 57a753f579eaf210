"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._9_ import ClearpassAddressDelete as ClearpassAddressDelete, Session6CloseMultiple as Session6CloseMultiple, ZtnaFirewallPolicyClearCounters as ZtnaFirewallPolicyClearCounters
