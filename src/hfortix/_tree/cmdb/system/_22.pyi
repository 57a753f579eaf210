"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._22_ import VneTunnel as VneTunnel, Vxlan as Vxlan, Wccp as Wccp, Zone as Zone, Status as Status, Session as Session, Session6 as Session6, Cmdb as Cmdb
