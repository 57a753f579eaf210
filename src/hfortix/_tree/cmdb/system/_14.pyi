"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._14_ import ReplacemsgFtp as ReplacemsgFtp, ReplacemsgHttp as ReplacemsgHttp, ReplacemsgIcap as ReplacemsgIcap, ReplacemsgMail as ReplacemsgMail, ReplacemsgMm1 as ReplacemsgMm1, ReplacemsgMm3 as ReplacemsgMm3, ReplacemsgMm4 as ReplacemsgMm4, ReplacemsgMm7 as ReplacemsgMm7
