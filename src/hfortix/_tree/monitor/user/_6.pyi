"""Typing only: where fgt.api.monitor.user's endpoint classes are."""

from ._6_ import GuestSms as GuestSms, QueryAbort as QueryAbort, PasswordPolicyConformSelect as PasswordPolicyConformSelect, LocalChangePassword as LocalChangePassword
