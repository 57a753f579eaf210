"""Typing only: where fgt.api.monitor.vpn's endpoint classes are."""

from ._1_ import OneClickStatus as OneClickStatus, Ssl as Ssl, SslStats as SslStats, SslClearTunnel as SslClearTunnel, SslDelete as SslDelete, SslProvisionUser as SslProvisionUser, OcvpnMembers as OcvpnMembers, OcvpnStatus as OcvpnStatus
