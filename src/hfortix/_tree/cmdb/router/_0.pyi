"""Typing only: where fgt.api.cmdb.router's endpoint classes are."""

from ._0_ import AccessList as AccessList, AccessList6 as AccessList6, AspathList as AspathList, AuthPath as AuthPath, Bfd as Bfd, Bfd6 as Bfd6, Bgp as Bgp, CommunityList as CommunityList
