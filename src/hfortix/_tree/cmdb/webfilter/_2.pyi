"""Typing only: where fgt.api.cmdb.webfilter's endpoint classes are."""

from ._2_ import FtgdStatistics as FtgdStatistics, OverrideUsr as OverrideUsr
