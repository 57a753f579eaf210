"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._6_ import TacacsPlusAccounting2Filter as TacacsPlusAccounting2Filter, TacacsPlusAccounting2Setting as TacacsPlusAccounting2Setting, TacacsPlusAccounting3Filter as TacacsPlusAccounting3Filter, TacacsPlusAccounting3Setting as TacacsPlusAccounting3Setting, TacacsPlusAccountingFilter as TacacsPlusAccountingFilter, TacacsPlusAccountingSetting as TacacsPlusAccountingSetting, ThreatWeight as ThreatWeight, WebtrendsFilter as WebtrendsFilter
