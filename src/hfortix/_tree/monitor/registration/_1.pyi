"""Typing only: where fgt.api.monitor.registration's endpoint classes are."""

from ._1_ import ForticareCheckConnectivity as ForticareCheckConnectivity, ForticareLogin as ForticareLogin, ForticareCreate as ForticareCreate, ForticareAddLicense as ForticareAddLicense, ForticareTransfer as ForticareTransfer, ForticareDeregisterDevice as ForticareDeregisterDevice, VdomAddLicense as VdomAddLicense
