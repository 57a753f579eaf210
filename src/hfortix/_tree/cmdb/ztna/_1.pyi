"""Typing only: where fgt.api.cmdb.ztna's endpoint classes are."""

from ._1_ import WebProxy as WebProxy
