"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._10_ import SecurityPolicy as SecurityPolicy, ServiceCategory as ServiceCategory, ServiceCustom as ServiceCustom, ServiceGroup as ServiceGroup, ShaperPerIpShaper as ShaperPerIpShaper, ShaperTrafficShaper as ShaperTrafficShaper, ShaperTraffic as ShaperTraffic, ShaperPerIp as ShaperPerIp
