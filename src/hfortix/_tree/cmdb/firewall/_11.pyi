"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._11_ import ShapingPolicy as ShapingPolicy, ShapingProfile as ShapingProfile, Sniffer as Sniffer, SshHostKey as SshHostKey, SshLocalCa as SshLocalCa, SshLocalKey as SshLocalKey, SshSetting as SshSetting, SslServer as SslServer
