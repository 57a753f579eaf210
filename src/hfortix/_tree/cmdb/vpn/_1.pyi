"""Typing only: where fgt.api.cmdb.vpn's endpoint classes are."""

from ._1_ import IpsecConcentrator as IpsecConcentrator, IpsecFec as IpsecFec, IpsecForticlient as IpsecForticlient, IpsecManualkey as IpsecManualkey, IpsecManualkeyInterface as IpsecManualkeyInterface, IpsecPhase1 as IpsecPhase1, IpsecPhase1Interface as IpsecPhase1Interface, IpsecPhase2 as IpsecPhase2
