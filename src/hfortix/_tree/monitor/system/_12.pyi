"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._12_ import SandboxConnection as SandboxConnection, SandboxDetect as SandboxDetect, ObjectUsage as ObjectUsage, ObjectTaggingUsage as ObjectTaggingUsage, Status as Status, Timezone as Timezone, SensorInfo as SensorInfo, SecurityRating as SecurityRating
