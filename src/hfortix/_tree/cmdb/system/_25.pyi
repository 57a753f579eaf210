"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._25_ import SessionInfoFullStat as SessionInfoFullStat, SessionInfoStatistics as SessionInfoStatistics, SessionInfoTtl as SessionInfoTtl, SessionHelperInfoList as SessionHelperInfoList, IpConflictStatus as IpConflictStatus
