"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._11_ import ConfigUsbFilelist as ConfigUsbFilelist, ConfigRestoreStatus as ConfigRestoreStatus, ConfigRestore as ConfigRestore, ConfigSave as ConfigSave, SandboxStats as SandboxStats, SandboxStatus as SandboxStatus, SandboxTestConnect as SandboxTestConnect, SandboxCloudRegions as SandboxCloudRegions
