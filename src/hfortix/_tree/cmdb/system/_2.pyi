"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._2_ import AutomationTrigger as AutomationTrigger, AutoupdatePushUpdate as AutoupdatePushUpdate, AutoupdateSchedule as AutoupdateSchedule, AutoupdateTunneling as AutoupdateTunneling, CentralManagement as CentralManagement, CloudService as CloudService, ClusterSync as ClusterSync, Console as Console
