"""Typing only: where fgt.api.monitor.switch_controller's endpoint classes are."""

from ._1_ import ManagedSwitchModels as ManagedSwitchModels, ManagedSwitchPortHealth as ManagedSwitchPortHealth, ManagedSwitchTxRx as ManagedSwitchTxRx, ManagedSwitchBios as ManagedSwitchBios, ManagedSwitchHealthStatus as ManagedSwitchHealthStatus, ManagedSwitchUpdate as ManagedSwitchUpdate, ManagedSwitchRestart as ManagedSwitchRestart, ManagedSwitchPoeReset as ManagedSwitchPoeReset
