"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._17_ import SecurityRatingControls as SecurityRatingControls, SecurityRatingSettings as SecurityRatingSettings, SessionHelper as SessionHelper, SessionTtl as SessionTtl, Settings as Settings, Sflow as Sflow, SitTunnel as SitTunnel, SmcNtp as SmcNtp
