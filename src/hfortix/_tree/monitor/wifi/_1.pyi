"""Typing only: where fgt.api.monitor.wifi's endpoint classes are."""

from ._1_ import FirmwarePush as FirmwarePush, FirmwareUpload as FirmwareUpload, ApStatus as ApStatus, InterferingAp as InterferingAp, Euclid as Euclid, EuclidReset as EuclidReset, RogueAp as RogueAp, RogueApClearAll as RogueApClearAll
