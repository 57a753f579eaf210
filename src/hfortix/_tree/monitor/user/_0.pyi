"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._0_ import Firewall as Firewall, FirewallCount as FirewallCount, FirewallDeauth as FirewallDeauth, FirewallAuth as FirewallAuth, Banned as Banned, BannedCheck as BannedCheck, BannedClearUsers as BannedClearUsers, BannedAddUsers as BannedAddUsers
