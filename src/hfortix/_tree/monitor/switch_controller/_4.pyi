"""Typing only: where fgt.api.monitor.switch_controller's endpoint classes are."""

from ._4_ import IslLockdownStatus as IslLockdownStatus, IslLockdownUpdate as IslLockdownUpdate, KnownNacDeviceCriteriaList as KnownNacDeviceCriteriaList, RecommendationPseConfig as RecommendationPseConfig
