"""Typing only: where fgt.api.monitor.router's endpoint classes are."""

from ._2_ import BgpSoftResetNeighbor as BgpSoftResetNeighbor, OspfNeighbors as OspfNeighbors, SdwanRoutes as SdwanRoutes, SdwanRoutes6 as SdwanRoutes6, SdwanRoutesStatistics as SdwanRoutesStatistics, Charts as Charts
