"""Typing only: where fgt.api.monitor.endpoint_control's endpoint classes are."""

from ._0_ import ProfileXml as ProfileXml, RecordList as RecordList, RegistrationSummary as RegistrationSummary, RegistrationQuarantine as RegistrationQuarantine, RegistrationUnquarantine as RegistrationUnquarantine, RegistrationBlock as RegistrationBlock, RegistrationUnblock as RegistrationUnblock, RegistrationDeregister as RegistrationDeregister
