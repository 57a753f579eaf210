"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._4_ import Syslogd2Filter as Syslogd2Filter, Syslogd2OverrideFilter as Syslogd2OverrideFilter, Syslogd2OverrideSetting as Syslogd2OverrideSetting, Syslogd2Setting as Syslogd2Setting, Syslogd3Filter as Syslogd3Filter, Syslogd3OverrideFilter as Syslogd3OverrideFilter, Syslogd3OverrideSetting as Syslogd3OverrideSetting, Syslogd3Setting as Syslogd3Setting
