"""Typing only: where fgt.api.monitor.vpn's endpoint classes are."""

from ._2_ import OcvpnMeta as OcvpnMeta, SdnGateway as SdnGateway, SdnValidateAwsPermissions as SdnValidateAwsPermissions, IkeClear as IkeClear
