"""Typing only: where fgt.api.cmdb.user's endpoint classes are."""

from ._0_ import Adgrp as Adgrp, Certificate as Certificate, Device as Device, DeviceAccessList as DeviceAccessList, DeviceCategory as DeviceCategory, DeviceGroup as DeviceGroup, DomainController as DomainController, Exchange as Exchange
