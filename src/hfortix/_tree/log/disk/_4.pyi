"""Typing only: where fgt.api.log.disk's endpoint classes are."""

from ._4_ import EventFortiextender as EventFortiextender, Traffic as Traffic, TrafficForward as TrafficForward, TrafficLocal as TrafficLocal, TrafficMulticast as TrafficMulticast, TrafficSniffer as TrafficSniffer, TrafficFortiview as TrafficFortiview, TrafficThreat as TrafficThreat
