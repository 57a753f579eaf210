"""Typing only: where fgt.api.cmdb.log's endpoint classes are."""

from ._7_ import WebtrendsSetting as WebtrendsSetting
