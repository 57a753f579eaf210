"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._1_ import Address6Template as Address6Template, Addrgrp as Addrgrp, Addrgrp6 as Addrgrp6, AuthPortal as AuthPortal, CarrierEndpointBwl as CarrierEndpointBwl, CentralSnatMap as CentralSnatMap, City as City, ConsolidatedPolicy as ConsolidatedPolicy
