"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._0_ import Health as Health, LocalIn as LocalIn, Acl as Acl, AclClearCounters as AclClearCounters, Acl6 as Acl6, Acl6ClearCounters as Acl6ClearCounters, InternetServiceMatch as InternetServiceMatch, InternetServiceDetails as InternetServiceDetails
