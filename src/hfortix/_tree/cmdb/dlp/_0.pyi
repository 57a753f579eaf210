"""Typing only: where fgt.api.cmdb.dlp's endpoint classes are."""

from ._0_ import DataType as DataType, Dictionary as Dictionary, ExactDataMatch as ExactDataMatch, Filepattern as Filepattern, FpDocSource as FpDocSource, FpSensitivity as FpSensitivity, Label as Label, Profile as Profile
