"""Typing only: where fgt.api.cmdb.user's endpoint classes are."""

from ._1_ import ExternalIdentityProvider as ExternalIdentityProvider, Fortitoken as Fortitoken, Fsso as Fsso, FssoPolling as FssoPolling, Group as Group, KrbKeytab as KrbKeytab, Ldap as Ldap, Local as Local
