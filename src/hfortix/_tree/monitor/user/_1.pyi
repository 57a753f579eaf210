"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._1_ import BannedClearAll as BannedClearAll, Fortitoken as Fortitoken, FortitokenActivate as FortitokenActivate, FortitokenRefresh as FortitokenRefresh, FortitokenProvision as FortitokenProvision, FortitokenSendActivation as FortitokenSendActivation, FortitokenImportTrial as FortitokenImportTrial, FortitokenImportMobile as FortitokenImportMobile
