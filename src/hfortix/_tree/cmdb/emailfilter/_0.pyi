"""Typing only: where fgt.api.cmdb.emailfilter's endpoint classes are."""

from ._0_ import BlockAllowList as BlockAllowList, Bwl as Bwl, Bword as Bword, Dnsbl as Dnsbl, Fortishield as Fortishield, Iptrust as Iptrust, Mheader as Mheader, Options as Options
