"""Typing only: where fgt.api.log.disk's endpoint classes are."""

from ._3_ import EventWireless as EventWireless, EventWad as EventWad, EventEndpoint as EventEndpoint, EventHa as EventHa, EventComplianceCheck as EventComplianceCheck, EventSystem as EventSystem, EventConnector as EventConnector, EventSecurityRating as EventSecurityRating
