"""Typing only: where fgt.api.cmdb.dlp's endpoint classes are."""

from ._1_ import Sensitivity as Sensitivity, Sensor as Sensor, Settings as Settings
