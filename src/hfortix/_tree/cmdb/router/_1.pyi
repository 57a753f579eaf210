"""Typing only: where fgt.api.cmdb.router's endpoint classes are."""

from ._1_ import ExtcommunityList as ExtcommunityList, Isis as Isis, KeyChain as KeyChain, Multicast as Multicast, Multicast6 as Multicast6, Multicast6Flow as Multicast6Flow, MulticastFlow as MulticastFlow, Ospf as Ospf
