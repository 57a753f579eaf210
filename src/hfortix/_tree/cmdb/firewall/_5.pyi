"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._5_ import InternetServiceName as InternetServiceName, InternetServiceOwner as InternetServiceOwner, InternetServiceReputation as InternetServiceReputation, InternetServiceSld as InternetServiceSld, IpTranslation as IpTranslation, IpmacbindingSetting as IpmacbindingSetting, IpmacbindingTable as IpmacbindingTable, Ippool as Ippool
