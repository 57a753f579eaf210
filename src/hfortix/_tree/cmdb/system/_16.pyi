"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._16_ import ReplacemsgGroup as ReplacemsgGroup, ReplacemsgImage as ReplacemsgImage, ResourceLimits as ResourceLimits, Saml as Saml, SdnConnector as SdnConnector, SdnProxy as SdnProxy, SdnVpn as SdnVpn, Sdwan as Sdwan
