"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._15_ import ConfigScript as ConfigScript, ConfigScriptDelete as ConfigScriptDelete, ConfigScriptRun as ConfigScriptRun, ConfigScriptUpload as ConfigScriptUpload, ConfigSyncStatus as ConfigSyncStatus, VdomLink as VdomLink, TrustedCertAuthorities as TrustedCertAuthorities, VmInformation as VmInformation
