"""Typing only: where fgt.api.cmdb.webfilter's endpoint classes are."""

from ._1_ import IpsUrlfilterSetting as IpsUrlfilterSetting, IpsUrlfilterSetting6 as IpsUrlfilterSetting6, Override as Override, Profile as Profile, SearchEngine as SearchEngine, Status as Status, Urlfilter as Urlfilter, Categories as Categories
