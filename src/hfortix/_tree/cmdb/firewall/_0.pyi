"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._0_ import AccessProxy as AccessProxy, AccessProxy6 as AccessProxy6, AccessProxySshClientCert as AccessProxySshClientCert, AccessProxyVirtualHost as AccessProxyVirtualHost, Acl as Acl, Acl6 as Acl6, Address as Address, Address6 as Address6
