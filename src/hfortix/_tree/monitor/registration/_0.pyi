"""Typing only: where fgt.api.monitor.registration's endpoint classes are."""

from ._0_ import ForticloudDisclaimer as ForticloudDisclaimer, ForticloudDomains as ForticloudDomains, ForticloudDeviceStatus as ForticloudDeviceStatus, ForticloudLogin as ForticloudLogin, ForticloudCreate as ForticloudCreate, ForticloudLogout as ForticloudLogout, ForticloudMigrate as ForticloudMigrate, ForticloudRegisterDevice as ForticloudRegisterDevice
