"""Typing only: where fgt.api.cmdb.firewall's endpoint classes are."""

from ._9_ import ProxyAddress6 as ProxyAddress6, ProxyAddrgrp as ProxyAddrgrp, ProxyAddrgrp6 as ProxyAddrgrp6, ProxyPolicy as ProxyPolicy, Region as Region, ScheduleGroup as ScheduleGroup, ScheduleOnetime as ScheduleOnetime, ScheduleRecurring as ScheduleRecurring
