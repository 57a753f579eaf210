"""Typing only: where fgt.api.cmdb.ips's endpoint classes are."""

from ._0_ import Custom as Custom, Decoder as Decoder, Global as Global, Rule as Rule, RuleSettings as RuleSettings, Sensor as Sensor, Settings as Settings, ViewMap as ViewMap
