"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._2_ import FortianalyzerCloudSetting as FortianalyzerCloudSetting, FortianalyzerFilter as FortianalyzerFilter, FortianalyzerOverrideFilter as FortianalyzerOverrideFilter, FortianalyzerOverrideSetting as FortianalyzerOverrideSetting, FortianalyzerSetting as FortianalyzerSetting, FortiguardFilter as FortiguardFilter, FortiguardOverrideFilter as FortiguardOverrideFilter, FortiguardOverrideSetting as FortiguardOverrideSetting
