"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._21_ import VdomNetflow as VdomNetflow, VdomProperty as VdomProperty, VdomRadiusServer as VdomRadiusServer, VdomSflow as VdomSflow, VirtualSwitch as VirtualSwitch, VirtualWanLink as VirtualWanLink, VirtualWirePair as VirtualWirePair, VneInterface as VneInterface
