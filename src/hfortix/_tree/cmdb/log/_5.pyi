"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._5_ import Syslogd4Filter as Syslogd4Filter, Syslogd4OverrideFilter as Syslogd4OverrideFilter, Syslogd4OverrideSetting as Syslogd4OverrideSetting, Syslogd4Setting as Syslogd4Setting, SyslogdFilter as SyslogdFilter, SyslogdOverrideFilter as SyslogdOverrideFilter, SyslogdOverrideSetting as SyslogdOverrideSetting, SyslogdSetting as SyslogdSetting
