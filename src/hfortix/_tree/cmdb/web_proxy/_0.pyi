"""Typing only: where fgt.api.cmdb.web_proxy's endpoint classes are."""

from ._0_ import DebugUrl as DebugUrl, Explicit as Explicit, FastFallback as FastFallback, ForwardServer as ForwardServer, ForwardServerGroup as ForwardServerGroup, Global as Global, IsolatorServer as IsolatorServer, Profile as Profile
