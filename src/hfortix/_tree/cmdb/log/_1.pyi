"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._1_ import Fortianalyzer2Setting as Fortianalyzer2Setting, Fortianalyzer3Filter as Fortianalyzer3Filter, Fortianalyzer3OverrideFilter as Fortianalyzer3OverrideFilter, Fortianalyzer3OverrideSetting as Fortianalyzer3OverrideSetting, Fortianalyzer3Setting as Fortianalyzer3Setting, FortianalyzerCloudFilter as FortianalyzerCloudFilter, FortianalyzerCloudOverrideFilter as FortianalyzerCloudOverrideFilter, FortianalyzerCloudOverrideSetting as FortianalyzerCloudOverrideSetting
