"""Typing only: where fgt.api.cmdb.webfilter's endpoint classes are."""

from ._0_ import Content as Content, ContentHeader as ContentHeader, Fortiguard as Fortiguard, FtgdLocalCat as FtgdLocalCat, FtgdLocalRating as FtgdLocalRating, FtgdLocalRisk as FtgdLocalRisk, FtgdRiskLevel as FtgdRiskLevel, IpsUrlfilterCacheSetting as IpsUrlfilterCacheSetting
