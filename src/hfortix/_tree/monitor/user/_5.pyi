"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._5_ import Proxy as Proxy, ProxyCount as ProxyCount, RadiusGetTestConnect as RadiusGetTestConnect, RadiusTestConnect as RadiusTestConnect, ScimGroups as ScimGroups, ScimUsers as ScimUsers, TacacsPlusTest as TacacsPlusTest, GuestEmail as GuestEmail
