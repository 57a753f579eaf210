"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._2_ import Country as Country, CustomTag as CustomTag, DecryptedTrafficMirror as DecryptedTrafficMirror, Dnstranslation as Dnstranslation, DoSPolicy as DoSPolicy, DoSPolicy6 as DoSPolicy6, Global as Global, Gtp as Gtp
