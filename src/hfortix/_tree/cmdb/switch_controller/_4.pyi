"""Typing only: where fgt.api.cmdb.switch_controller's endpoint classes are."""

from ._4_ import QosIpDscpMap as QosIpDscpMap, QosQosPolicy as QosQosPolicy, QosQueuePolicy as QosQueuePolicy, Quarantine as Quarantine, RemoteLog as RemoteLog, SecurityPolicy8021X as SecurityPolicy8021X, SecurityPolicyAdmin as SecurityPolicyAdmin, SecurityPolicyCaptivePortal as SecurityPolicyCaptivePortal
