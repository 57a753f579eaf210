"""Typing only: where fgt.api.monitor.router's endpoint classes are."""

from ._0_ import Ipv4 as Ipv4, Ipv6 as Ipv6, Statistics as Statistics, Lookup as Lookup, LookupHaPeer as LookupHaPeer, Policy as Policy, Policy6 as Policy6, LookupPolicy as LookupPolicy
