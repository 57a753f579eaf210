"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._9_ import ComLogUpdate as ComLogUpdate, ComLogDownload as ComLogDownload, ComLogDump as ComLogDump, Botnet as Botnet, BotnetStat as BotnetStat, BotnetDomains as BotnetDomains, BotnetDomainsStat as BotnetDomainsStat, BotnetDomainsHits as BotnetDomainsHits
