"""Typing only: where fgt.api.cmdb.router's endpoint classes are."""

from ._2_ import Ospf6 as Ospf6, Policy as Policy, Policy6 as Policy6, PrefixList as PrefixList, PrefixList6 as PrefixList6, Rip as Rip, Ripng as Ripng, RouteMap as RouteMap
