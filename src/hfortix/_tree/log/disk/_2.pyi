"""Typing only: where fgt.api.log.disk's endpoint classes are."""

from ._2_ import DnsRaw as DnsRaw, SshRaw as SshRaw, SslRaw as SslRaw, FileFilterRaw as FileFilterRaw, Event as Event, EventVpn as EventVpn, EventUser as EventUser, EventRouter as EventRouter
