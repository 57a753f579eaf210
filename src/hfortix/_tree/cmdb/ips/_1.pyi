"""Typing only: where fgt.api.cmdb.ips's endpoint classes are."""

from ._1_ import Session as Session
