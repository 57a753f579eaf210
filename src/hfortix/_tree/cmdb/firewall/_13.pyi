"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._13_ import Vip64 as Vip64, Vipgrp as Vipgrp, Vipgrp46 as Vipgrp46, Vipgrp6 as Vipgrp6, Vipgrp64 as Vipgrp64, WildcardFqdnCustom as WildcardFqdnCustom, WildcardFqdnGroup as WildcardFqdnGroup, VendorMacSummary as VendorMacSummary
