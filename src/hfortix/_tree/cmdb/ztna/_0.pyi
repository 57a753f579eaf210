"""Typing only: where fgt.api.cmdb.ztna's endpoint classes are."""

from ._0_ import ConnectorEdge as ConnectorEdge, Destination as Destination, ReverseConnector as ReverseConnector, ServiceConnector as ServiceConnector, TrafficForwardProxy as TrafficForwardProxy, TrafficForwardProxyReverseService as TrafficForwardProxyReverseService, WebPortal as WebPortal, WebPortalBookmark as WebPortalBookmark
