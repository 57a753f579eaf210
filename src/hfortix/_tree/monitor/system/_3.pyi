"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._3_ import ModemReset as ModemReset, ModemConnect as ModemConnect, ModemDisconnect as ModemDisconnect, ModemUpdate as ModemUpdate, N3gModem as N3gModem, ResourceUsage as ResourceUsage, Sniffer as Sniffer, SnifferDownload as SnifferDownload
