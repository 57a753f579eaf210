"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._20_ import ThemePermissions as ThemePermissions, FsckStatus as FsckStatus, FsckStart as FsckStart, TriggerHaForceResync as TriggerHaForceResync, HaTableConfiguration as HaTableConfiguration, AdminToggleVdomMode as AdminToggleVdomMode, AdminChangeVdomMode as AdminChangeVdomMode, ApiUserGenerateKey as ApiUserGenerateKey
