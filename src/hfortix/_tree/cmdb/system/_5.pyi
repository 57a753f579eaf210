"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._5_ import ExternalResource as ExternalResource, FabricVpn as FabricVpn, FederatedUpgrade as FederatedUpgrade, FipsCc as FipsCc, Fm as Fm, Fortiai as Fortiai, Fortidata as Fortidata, Fortiguard as Fortiguard
