"""Typing only: where fgt.api.cmdb.system's endpoint classes are."""

from ._11_ import Npu as Npu, NpuPost as NpuPost, NpuVlink as NpuVlink, Ntp as Ntp, ObjectTagging as ObjectTagging, PasswordPolicy as PasswordPolicy, PasswordPolicyGuestAdmin as PasswordPolicyGuestAdmin, PcpServer as PcpServer
