"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._19_ import SpeedTestServer as SpeedTestServer, SpeedTestSetting as SpeedTestSetting, SshConfig as SshConfig, SsoAdmin as SsoAdmin, SsoForticloudAdmin as SsoForticloudAdmin, SsoFortigateCloudAdmin as SsoFortigateCloudAdmin, StandaloneCluster as StandaloneCluster, Storage as Storage
