"""Typing only: where fgt.api.cmdb.wireless_controller's endpoint classes are."""

from ._1_ import ClientInfo as ClientInfo, Global as Global, Hotspot20Anqp3gppCellular as Hotspot20Anqp3gppCellular, Hotspot20AnqpIpAddressType as Hotspot20AnqpIpAddressType, Hotspot20AnqpNaiRealm as Hotspot20AnqpNaiRealm, Hotspot20AnqpNetworkAuthType as Hotspot20AnqpNetworkAuthType, Hotspot20AnqpRoamingConsortium as Hotspot20AnqpRoamingConsortium, Hotspot20AnqpVenueName as Hotspot20AnqpVenueName
