"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._4_ import InternetServiceCustomGroup as InternetServiceCustomGroup, InternetServiceDefinition as InternetServiceDefinition, InternetServiceExtension as InternetServiceExtension, InternetServiceFortiguard as InternetServiceFortiguard, InternetServiceGroup as InternetServiceGroup, InternetServiceIpblReason as InternetServiceIpblReason, InternetServiceIpblVendor as InternetServiceIpblVendor, InternetServiceList as InternetServiceList
