"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._0_ import N3gModemCustom as N3gModemCustom, Accprofile as Accprofile, Acme as Acme, Admin as Admin, AffinityInterrupt as AffinityInterrupt, AffinityPacketRedistribution as AffinityPacketRedistribution, Alarm as Alarm, Alias as Alias
