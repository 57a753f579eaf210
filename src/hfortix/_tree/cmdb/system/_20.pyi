"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._20_ import Stp as Stp, SwitchInterface as SwitchInterface, Theme as Theme, TosBasedPriority as TosBasedPriority, Vdom as Vdom, VdomDns as VdomDns, VdomException as VdomException, VdomLink as VdomLink
