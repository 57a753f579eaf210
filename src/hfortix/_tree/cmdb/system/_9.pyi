"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._9_ import Ipv6Tunnel as Ipv6Tunnel, IsfQueueProfile as IsfQueueProfile, LinkMonitor as LinkMonitor, LldpNetworkPolicy as LldpNetworkPolicy, LteModem as LteModem, MacAddressTable as MacAddressTable, ManagementTunnel as ManagementTunnel, MemMgr as MemMgr
