"""Typing only: where fgt.api.cmdb.router's endpoint classes are."""

from ._3_ import Setting as Setting, Static as Static, Static6 as Static6, Info as Info, Info6 as Info6
