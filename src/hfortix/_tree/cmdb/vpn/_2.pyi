"""Typing only: where fgt.api.cmdb.vpn's endpoint classes are."""

from ._2_ import IpsecPhase2Interface as IpsecPhase2Interface, IpsecStatsCrypto as IpsecStatsCrypto, IpsecStatsTunnel as IpsecStatsTunnel, IpsecTunnelDetails as IpsecTunnelDetails, IpsecTunnelSummary as IpsecTunnelSummary, IpsecTunnelName as IpsecTunnelName, KmipServer as KmipServer, L2tp as L2tp
