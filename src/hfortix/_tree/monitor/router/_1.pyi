"""Typing only: where fgt.api.monitor.router's endpoint classes are."""

from ._1_ import BgpNeighbors as BgpNeighbors, BgpNeighbors6 as BgpNeighbors6, BgpPaths as BgpPaths, BgpPaths6 as BgpPaths6, BgpPathsStatistics as BgpPathsStatistics, BgpNeighborsStatistics as BgpNeighborsStatistics, BgpClearSoftIn as BgpClearSoftIn, BgpClearSoftOut as BgpClearSoftOut
