"""Typing only: where fgt.api.cmdb.hardware's endpoint classes are."""

from ._0_ import Nic as Nic, NpuNp6Dce as NpuNp6Dce, NpuNp6SessionStats as NpuNp6SessionStats, NpuNp6SseStats as NpuNp6SseStats, NpuNp6PortList as NpuNp6PortList, NpuNp6IpsecStats as NpuNp6IpsecStats, NpuNp6SynproxyStats as NpuNp6SynproxyStats, Status as Status
