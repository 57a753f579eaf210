"""Typing only: where fgt.api.cmdb.web_proxy's endpoint classes are."""

from ._1_ import UrlMatch as UrlMatch, Wisp as Wisp
