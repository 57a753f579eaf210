"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._13_ import SecurityRatingHistory as SecurityRatingHistory, SecurityRatingStatus as SecurityRatingStatus, SecurityRatingLang as SecurityRatingLang, SecurityRatingSupportedReports as SecurityRatingSupportedReports, SecurityRatingTrigger as SecurityRatingTrigger, FortiguardBlacklist as FortiguardBlacklist, CheckPortAvailability as CheckPortAvailability, ExternalResourceEntryList as ExternalResourceEntryList
