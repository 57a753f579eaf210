"""Typing only: where fgt.api.cmdb.emailfilter's endpoint classes are."""

from ._1_ import Profile as Profile
