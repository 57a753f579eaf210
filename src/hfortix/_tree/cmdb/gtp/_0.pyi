"""Typing only: where fgt.api.cmdb.gtp's endpoint classes are."""

from ._0_ import Apn as Apn, ApnShaper as ApnShaper, Apngrp as Apngrp, IeAllowList as IeAllowList, IeWhiteList as IeWhiteList, MessageFilterV0v1 as MessageFilterV0v1, MessageFilterV2 as MessageFilterV2, RatTimeoutProfile as RatTimeoutProfile
