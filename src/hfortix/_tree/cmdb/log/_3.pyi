"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._3_ import FortiguardSetting as FortiguardSetting, GuiDisplay as GuiDisplay, MemoryFilter as MemoryFilter, MemoryGlobalSetting as MemoryGlobalSetting, MemorySetting as MemorySetting, NullDeviceFilter as NullDeviceFilter, NullDeviceSetting as NullDeviceSetting, Setting as Setting
