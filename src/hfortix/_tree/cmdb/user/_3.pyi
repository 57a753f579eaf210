"""Typing only: where fgt.api.cmdb.user's endpoint classes are."""

from ._3_ import Saml as Saml, Scim as Scim, SecurityExemptList as SecurityExemptList, Setting as Setting, TacacsPlus as TacacsPlus
