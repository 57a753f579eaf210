"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._6_ import Fortimanager as Fortimanager, Fortimq as Fortimq, Fortindr as Fortindr, Fortisandbox as Fortisandbox, FssoPolling as FssoPolling, FtmPush as FtmPush, Geneve as Geneve, GeoipCountry as GeoipCountry
