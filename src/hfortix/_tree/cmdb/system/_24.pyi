"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._24_ import InfoAdminSsh as InfoAdminSsh, Arp as Arp, StartupErrorLog as StartupErrorLog, SourceIpStatus as SourceIpStatus, AutoUpdateStatus as AutoUpdateStatus, AutoUpdateVersions as AutoUpdateVersions, SessionInfoList as SessionInfoList, SessionInfoExpectation as SessionInfoExpectation
