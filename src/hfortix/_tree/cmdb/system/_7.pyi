"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._7_ import GeoipOverride as GeoipOverride, GiGk as GiGk, Global as Global, GreTunnel as GreTunnel, Ha as Ha, HaMonitor as HaMonitor, HealthCheckFortiguard as HealthCheckFortiguard, Ike as Ike
