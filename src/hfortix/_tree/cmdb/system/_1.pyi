"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._1_ import ApiUser as ApiUser, ArpTable as ArpTable, AutoInstall as AutoInstall, AutoScript as AutoScript, AutomationAction as AutomationAction, AutomationCondition as AutomationCondition, AutomationDestination as AutomationDestination, AutomationStitch as AutomationStitch
