"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._15_ import ReplacemsgMms as ReplacemsgMms, ReplacemsgNacQuar as ReplacemsgNacQuar, ReplacemsgNntp as ReplacemsgNntp, ReplacemsgSpam as ReplacemsgSpam, ReplacemsgSslvpn as ReplacemsgSslvpn, ReplacemsgTrafficQuota as ReplacemsgTrafficQuota, ReplacemsgUtm as ReplacemsgUtm, ReplacemsgWebproxy as ReplacemsgWebproxy
