"""Typing only: where fgt.api.cmdb.gtp's endpoint classes are."""

from ._1_ import TunnelLimit as TunnelLimit
