"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._0_ import AccessControlList as AccessControlList, Address as Address, Addrgrp as Addrgrp, ApStatus as ApStatus, ApcfgProfile as ApcfgProfile, ArrpProfile as ArrpProfile, BleProfile as BleProfile, BonjourProfile as BonjourProfile
