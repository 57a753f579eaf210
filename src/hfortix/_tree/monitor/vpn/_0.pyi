"""Typing only: where fgt.api.monitor.vpn's endpoint classes are."""

from ._0_ import Ipsec as Ipsec, IpsecConnectionCount as IpsecConnectionCount, IpsecSpeedTestResult as IpsecSpeedTestResult, IpsecTunnelUp as IpsecTunnelUp, IpsecTunnelDown as IpsecTunnelDown, IpsecTunnelResetStats as IpsecTunnelResetStats, IpsecSpeedTestRun as IpsecSpeedTestRun, OneClickMembers as OneClickMembers
