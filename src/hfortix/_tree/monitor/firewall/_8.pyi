"""Typing only: where fgt.api.monitor.firewall's endpoint classes are."""

from ._8_ import NetworkServiceDynamic as NetworkServiceDynamic, Sessions as Sessions, CheckAddrgrpExcludeMacMember as CheckAddrgrpExcludeMacMember, SaasApplication as SaasApplication, LocalIn6 as LocalIn6, InternetServiceFqdn as InternetServiceFqdn, InternetServiceFqdnIconIds as InternetServiceFqdnIconIds, ClearpassAddressAdd as ClearpassAddressAdd
