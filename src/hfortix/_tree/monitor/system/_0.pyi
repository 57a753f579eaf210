"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._0_ import ConfigRevision as ConfigRevision, ConfigRevisionFile as ConfigRevisionFile, ConfigRevisionInfo as ConfigRevisionInfo, ConfigRevisionUpdateComments as ConfigRevisionUpdateComments, ConfigRevisionDelete as ConfigRevisionDelete, ConfigRevisionSave as ConfigRevisionSave, CurrentAdmins as CurrentAdmins, Time as Time
