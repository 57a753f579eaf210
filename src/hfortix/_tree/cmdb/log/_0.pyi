"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._0_ import CustomField as CustomField, CustomFormat as CustomFormat, DiskFilter as DiskFilter, DiskSetting as DiskSetting, Eventfilter as Eventfilter, Fortianalyzer2Filter as Fortianalyzer2Filter, Fortianalyzer2OverrideFilter as Fortianalyzer2OverrideFilter, Fortianalyzer2OverrideSetting as Fortianalyzer2OverrideSetting
