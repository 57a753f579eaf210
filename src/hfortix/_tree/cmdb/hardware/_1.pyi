"""Typing only: where fgt.api.cmdb.hardware's endpoint classes are."""

from ._1_ import Cpu as Cpu, Memory as Memory
