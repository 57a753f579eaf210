"""Typing only: where fgt.api.monitor.system's endpoint classes are."""

from ._21_ import DisconnectAdminsSelect as DisconnectAdminsSelect, OsReboot as OsReboot, OsShutdown as OsShutdown, Dhcp6Revoke as Dhcp6Revoke, ChangePasswordSelect as ChangePasswordSelect, PasswordPolicyConformSelect as PasswordPolicyConformSelect, UsbDeviceEject as UsbDeviceEject, ComplianceRun as ComplianceRun
