"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._14_ import ExternalResourceValidateJsonpath as ExternalResourceValidateJsonpath, ExternalResourceRefresh as ExternalResourceRefresh, ExternalResourceDynamic as ExternalResourceDynamic, ExternalResourceGenericAddress as ExternalResourceGenericAddress, SdnConnectorStatus as SdnConnectorStatus, SdnConnectorNsxSecurityTags as SdnConnectorNsxSecurityTags, SdnConnectorValidateGcpKey as SdnConnectorValidateGcpKey, SdnConnectorUpdate as SdnConnectorUpdate
