"""Typing only: where fgt.api.log.disk's endpoint classes are."""

from ._1_ import WebfilterRaw as WebfilterRaw, WafRaw as WafRaw, AnomalyRaw as AnomalyRaw, CifsRaw as CifsRaw, EmailfilterRaw as EmailfilterRaw, DlpRaw as DlpRaw, VoipRaw as VoipRaw, GtpRaw as GtpRaw
