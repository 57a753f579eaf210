"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._10_ import MobileTunnel as MobileTunnel, Modem as Modem, Nat64 as Nat64, NdProxy as NdProxy, Netflow as Netflow, NetworkVisibility as NetworkVisibility, NgfwSettings as NgfwSettings, Np6 as Np6
