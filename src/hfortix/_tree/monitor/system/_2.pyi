"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._2_ import FirmwareUpgrade as FirmwareUpgrade, Storage as Storage, Csf as Csf, CsfPendingAuthorizations as CsfPendingAuthorizations, CsfUpstreamStatus as CsfUpstreamStatus, CsfRegisterAppliance as CsfRegisterAppliance, CsfUpstreamAuthorize as CsfUpstreamAuthorize, Modem as Modem
