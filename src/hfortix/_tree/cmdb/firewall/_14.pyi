"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._14_ import Proute6 as Proute6
