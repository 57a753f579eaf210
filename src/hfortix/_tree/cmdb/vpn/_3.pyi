"""Typing only: where fgt.api.cmdb.vpn's endpoint classes are."""

from ._3_ import Ocvpn as Ocvpn, Pptp as Pptp, Qkd as Qkd, SslClient as SslClient, SslSettings as SslSettings, SslWebHostCheckSoftware as SslWebHostCheckSoftware, SslWebPortal as SslWebPortal, SslWebRealm as SslWebRealm
