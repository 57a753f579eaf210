"""Typing only: where fgt.api.monitor.wifi's endpoint classes are."""

from ._0_ import Client as Client, ClientDisassociate as ClientDisassociate, ManagedAp as ManagedAp, ManagedApSetStatus as ManagedApSetStatus, ManagedApRestart as ManagedApRestart, ManagedApLedBlink as ManagedApLedBlink, Firmware as Firmware, FirmwareDownload as FirmwareDownload
