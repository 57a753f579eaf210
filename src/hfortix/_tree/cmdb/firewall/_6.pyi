"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._6_ import Ippool6 as Ippool6, IpropeList as IpropeList, IpropeAppctrlList as IpropeAppctrlList, IpropeAppctrlStatus as IpropeAppctrlStatus, Ipv6EhFilter as Ipv6EhFilter, LdbMonitor as LdbMonitor, LocalInPolicy as LocalInPolicy, LocalInPolicy6 as LocalInPolicy6
